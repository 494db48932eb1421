package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TwilioSignatureTest {
  static final Path VECTORS = Path.of(System.getProperty("voxgate.shared", "../shared"), "corpus/phone/twilio/signature");

  static Stream<Path> vectors() throws IOException {
    if (!Files.isDirectory(VECTORS)) return Stream.of(Path.of("absent"));
    return Files.list(VECTORS).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void checksTwilioSdkVector(Path file) throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(file), "Twilio signature vectors not found under " + VECTORS);
    JsonObject v = new JsonObject(Files.readString(file));
    String token = v.getString("auth_token");
    boolean valid;
    if (v.containsKey("body")) {
      valid = TwilioSignature.validBody(token, v.getString("url"), v.getString("body").getBytes(StandardCharsets.UTF_8),
          v.getString("signature"));
    } else {
      valid = TwilioSignature.validForm(token, v.getString("url"), params(v.getJsonObject("params")), v.getString("signature"));
    }
    assertThat(valid).as(file.getFileName().toString()).isEqualTo(v.getBoolean("valid"));
  }

  @Test
  void rejectsSignatureMadeForAnotherUrl() {
    Map<String, List<String>> p = Map.of("CallSid", List.of("CA1"), "CallStatus", List.of("ringing"));
    String sig = TwilioSignature.compute("token", "https://other.example.com/intake/phone/tw", p);
    assertThat(TwilioSignature.validForm("token", "https://voxgate.example.com/intake/phone/tw", p, sig)).isFalse();
    assertThat(TwilioSignature.validForm("token", "https://other.example.com/intake/phone/tw", p, sig)).isTrue();
    assertThat(TwilioSignature.validForm("token", "https://other.example.com/intake/phone/tw", p, null)).isFalse();
  }

  static Map<String, List<String>> params(JsonObject o) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (o == null) return out;
    for (String k : o.fieldNames()) {
      Object v = o.getValue(k);
      List<String> list = new ArrayList<>();
      if (v instanceof JsonArray a) a.forEach(x -> list.add((String) x));
      else list.add((String) v);
      out.put(k, list);
    }
    return out;
  }
}
