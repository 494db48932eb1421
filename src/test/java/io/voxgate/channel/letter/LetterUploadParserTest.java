package io.voxgate.channel.letter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.RawRequest;
import io.voxgate.support.HttpFixtures;
import io.voxgate.config.LetterOptions;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.TicketEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture in src/test/resources/fixtures/letter: request bytes beside the expected upload and events. */
class LetterUploadParserTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/letter");
  static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

  static Stream<String> fixtures() throws IOException {
    return HttpFixtures.names(DIR);
  }

  static RawRequest request(String name) throws IOException {
    return HttpFixtures.request(DIR, name, NOW);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesFixtureAsExpected(String name) throws IOException {
    JsonObject expected = new JsonObject(Files.readString(DIR.resolve(name + ".expected.json")));
    LetterUploadParser.Result result = new LetterUploadParser().parse(request(name), LetterOptions.DEFAULTS);

    if (expected.containsKey("error")) {
      assertThat(result).isInstanceOf(LetterUploadParser.Rejected.class);
      var e = ((LetterUploadParser.Rejected) result).error();
      assertThat(e.field()).isEqualTo(expected.getJsonObject("error").getString("field"));
      assertThat(e.code()).isEqualTo(expected.getJsonObject("error").getString("code"));
      assertThat(e.message()).isNotBlank();
      return;
    }
    assertThat(result).as(String.valueOf(result)).isInstanceOf(LetterUploadParser.Parsed.class);
    LetterUpload u = ((LetterUploadParser.Parsed) result).upload();
    JsonArray files = expected.getJsonArray("files");
    assertThat(u.files()).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      JsonObject f = files.getJsonObject(i);
      assertThat(u.files().get(i).filename()).isEqualTo(f.getString("filename"));
      assertThat(u.files().get(i).mediaType()).isEqualTo(f.getString("media_type"));
      if (f.containsKey("size")) assertThat(u.files().get(i).content()).hasSize(f.getInteger("size"));
    }
    if (expected.containsKey("batch_id")) assertThat(u.batchId()).isEqualTo(expected.getString("batch_id"));
    if (expected.containsKey("letter_id")) assertThat(u.letterId()).isEqualTo(expected.getString("letter_id"));
    if (expected.containsKey("sender_name")) assertThat(u.senderName()).isEqualTo(expected.getString("sender_name"));
    if (expected.containsKey("sender_address")) assertThat(u.senderAddress()).isEqualTo(expected.getString("sender_address"));
    assertThat(u.receivedAt()).isEqualTo(expected.containsKey("received_at") ? Instant.parse(expected.getString("received_at")) : NOW);

    if (!expected.containsKey("events")) return;
    List<LetterEvents.NewLetter> letters = LetterEvents.intake(u, "mailroom", "source:mailroom");
    JsonArray events = expected.getJsonArray("events");
    assertThat(letters).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonObject want = events.getJsonObject(i);
      TicketEvent e = letters.get(i).event();
      assertThat(e.externalId()).isEqualTo(want.getString("external_id"));
      assertThat(e.attachments().stream().map(Attachment::filename).toList()).isEqualTo(want.getJsonArray("attachments").getList());
      if (want.containsKey("kind")) assertThat(e.kind().wire()).isEqualTo(want.getString("kind"));
      if (want.containsKey("flags")) assertThat(e.flags()).containsExactlyInAnyOrderElementsOf(want.getJsonArray("flags").getList());
      if (want.containsKey("ack")) assertThat(e.ack().suppressedReason()).isEqualTo(want.getString("ack"));
      if (want.containsKey("customer")) {
        assertThat(e.customer().name()).isEqualTo(want.getJsonObject("customer").getString("name"));
        assertThat(e.customer().address()).isEqualTo(want.getJsonObject("customer").getString("address"));
      }
    }
  }
}
