package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.channel.FieldError;
import io.voxgate.channel.IntakeRoutes.Parsing;
import io.voxgate.channel.RawRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture under {@code fixtures/phone/<format>/}: the request body beside
 * {@code <name>.expected.json}, the parsed event or the error. {@code .form} files are sent
 * form-encoded, {@code .json} files as JSON; all are received at {@link #RECEIVED}.
 */
class PhoneParsersTest {
  static final Path ROOT = Path.of("src/test/resources/fixtures/phone");
  static final Instant RECEIVED = Instant.parse("2026-11-20T02:00:00Z");

  static Stream<Path> fixtures() throws IOException {
    return Files.walk(ROOT).filter(Files::isRegularFile)
        .filter(p -> !p.toString().endsWith(".expected.json") && !p.getFileName().toString().equals("mapping.json"))
        .filter(p -> !p.getFileName().toString().equals("README.md"))
        .sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesFixtureAsExpected(Path input) throws IOException {
    String name = input.getFileName().toString();
    String format = input.getParent().getFileName().toString();
    String type = name.endsWith(".json") ? "application/json" : "application/x-www-form-urlencoded; charset=UTF-8";
    RawRequest req = new RawRequest(type, Map.of(), Files.readAllBytes(input), "127.0.0.1", RECEIVED);
    Parsing<CallEvent> result = switch (format) {
      case "generic" -> new GenericCtiParser().parse(req);
      case "twilio" -> new TwilioParser().parse(req);
      case "mapped" -> new MappedParser(mapping(input.getParent().resolve("mapping.json"))).parse(req);
      default -> throw new IllegalStateException("no parser for folder " + format);
    };
    JsonObject actual;
    if (result.errors().isEmpty()) {
      actual = new JsonObject().put("event", result.value().toJson());
    } else {
      FieldError e = result.errors().get(0);
      actual = new JsonObject().put("error", new JsonObject().put("field", e.field()).put("code", e.code()));
    }
    Path expectedFile = input.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".expected.json");
    assertThat(expectedFile).as("expected result beside " + input).exists();
    JsonObject expected = new JsonObject(Files.readString(expectedFile, StandardCharsets.UTF_8));
    assertThat(actual).as(input.toString()).isEqualTo(expected);
  }

  static Map<String, String> mapping(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    new JsonObject(Files.readString(file)).forEach(e -> out.put(e.getKey(), (String) e.getValue()));
    return out;
  }
}
