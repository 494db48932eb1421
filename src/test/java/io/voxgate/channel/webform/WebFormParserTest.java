package io.voxgate.channel.webform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.FieldError;
import io.voxgate.channel.ParseResult;
import io.voxgate.channel.RawRequest;
import io.voxgate.support.HttpFixtures;
import io.voxgate.config.ConfigLoader;
import io.voxgate.config.SourceConfig;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.TicketEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture in src/test/resources/fixtures/webform: request bytes beside the expected result. */
class WebFormParserTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/webform");
  static final SourceConfig SOURCE = ConfigLoader.load(Path.of("conf"), Map.of("VOXGATE_DB_URL", "postgresql://x@h/x"))
      .source("webform").orElseThrow();
  static final WebFormParser PARSER = new WebFormParser();

  static Stream<String> fixtures() throws IOException {
    return HttpFixtures.names(DIR);
  }

  static RawRequest request(String name) throws IOException {
    return HttpFixtures.request(DIR, name, Instant.parse("2026-11-22T08:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesFixtureAsExpected(String name) throws IOException {
    JsonObject expected = new JsonObject(Files.readString(DIR.resolve(name + ".expected.json")));
    ParseResult result = PARSER.parse(request(name), SOURCE);

    if (expected.containsKey("error")) {
      assertThat(result).isInstanceOf(ParseResult.Rejected.class);
      FieldError e = ((ParseResult.Rejected) result).errors().get(0);
      JsonObject want = expected.getJsonObject("error");
      if (want.containsKey("field")) assertThat(e.field()).isEqualTo(want.getString("field"));
      assertThat(e.code()).isEqualTo(want.getString("code"));
      assertThat(e.message()).isNotBlank();
      return;
    }
    assertThat(result).as(String.valueOf(result)).isInstanceOf(ParseResult.Parsed.class);
    TicketEvent e = ((ParseResult.Parsed) result).event();
    if (expected.containsKey("external_id")) assertThat(e.externalId()).isEqualTo(expected.getString("external_id"));
    if (expected.containsKey("external_id_prefix")) assertThat(e.externalId()).startsWith(expected.getString("external_id_prefix"));
    if (expected.containsKey("kind")) assertThat(e.kind().wire()).isEqualTo(expected.getString("kind"));
    assertThat(e.customer().name()).isEqualTo(expected.getString("name"));
    assertThat(e.customer().phone()).isEqualTo(expected.getString("phone"));
    assertThat(e.customer().email()).isEqualTo(expected.getString("email"));
    assertThat(e.customer().address()).isEqualTo(expected.getString("address"));
    assertThat(e.body()).isEqualTo(expected.getString("body"));
    if (expected.containsKey("subject")) assertThat(e.subject()).isEqualTo(expected.getString("subject"));
    if (expected.containsKey("language")) assertThat(e.language()).isEqualTo(expected.getString("language"));
    if (expected.containsKey("claim_amount")) assertThat(e.claimAmount().toPlainString()).isEqualTo(expected.getString("claim_amount"));
    JsonArray files = expected.getJsonArray("attachments");
    assertThat(e.attachments()).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      Attachment a = e.attachments().get(i);
      assertThat(a.filename()).isEqualTo(files.getJsonObject(i).getString("filename"));
      assertThat(a.mediaType()).isEqualTo(files.getJsonObject(i).getString("media_type"));
      assertThat(a.size()).isEqualTo(files.getJsonObject(i).getLong("size"));
    }
    assertThat(e.raw().bytes()).isEqualTo(request(name).body());
  }

  @Test
  void sameContentWithoutSubmissionIdGivesTheSameKey() throws IOException {
    TicketEvent a = ((ParseResult.Parsed) PARSER.parse(request("no-submission-id"), SOURCE)).event();
    TicketEvent b = ((ParseResult.Parsed) PARSER.parse(request("no-submission-id"), SOURCE)).event();
    assertThat(a.externalId()).isEqualTo(b.externalId());
  }

  @Test
  void stripsPathsFromFileNames() {
    assertThat(io.voxgate.ticket.Attachment.safeName("C:\\Users\\me\\投诉.pdf")).isEqualTo("投诉.pdf");
    assertThat(io.voxgate.ticket.Attachment.safeName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(io.voxgate.ticket.Attachment.safeName("..")).isEqualTo("attachment");
  }
}
