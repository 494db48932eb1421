package io.voxgate.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.EmailOptions;
import io.voxgate.config.YamlTree;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.TicketEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser on our own fixtures (src/test/resources/fixtures/email, see its README): one .eml beside its expectation. */
class MailParserTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/email");
  static final EmailOptions OPTIONS = EmailOptions.from(new YamlTree("test", "", Map.of(), Map.of()), "voxgate.local");
  static final Instant RECEIVED = Instant.parse("2026-11-23T02:00:00Z");

  static Stream<String> fixtures() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
      assertThat(names).hasSizeGreaterThan(30);
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesFixtureAsExpected(String name) throws Exception {
    byte[] raw = Files.readAllBytes(DIR.resolve(name + ".eml"));
    JsonObject exp = new JsonObject(Files.readString(DIR.resolve(name + ".expected.json")));
    Mail mail = new MailParser().parse(raw, "mailbox", RECEIVED, OPTIONS);
    TicketEvent e = mail.event();

    assertThat(e.raw().bytes()).as("raw kept byte for byte").isEqualTo(raw);
    assertThat(e.externalId()).isEqualTo(mail.messageId()).startsWith("<").endsWith(">");
    if (exp.containsKey("subject")) assertThat(e.subject()).isEqualTo(exp.getString("subject"));
    if (exp.containsKey("from_email")) assertThat(mail.senders()).first().isEqualTo(exp.getString("from_email"));
    if (exp.containsKey("from_name")) assertThat(e.customer().name()).isEqualTo(exp.getString("from_name"));
    if (exp.containsKey("customer_email")) assertThat(e.customer().email()).isEqualTo(exp.getString("customer_email"));
    if (exp.containsKey("body")) assertThat(e.body()).isEqualTo(exp.getString("body"));
    if (exp.containsKey("body_html_contains")) assertThat(e.bodyHtml()).contains(exp.getString("body_html_contains"));
    if (exp.containsKey("message_id")) assertThat(mail.messageId()).isEqualTo(exp.getString("message_id"));
    if (exp.containsKey("flags")) {
      assertThat(e.flags()).containsExactlyInAnyOrderElementsOf(exp.getJsonArray("flags").stream().map(String::valueOf).toList());
    }
    if (exp.containsKey("ack")) assertThat(e.ack().suppressedReason()).isEqualTo(exp.getString("ack"));
    if (exp.containsKey("numbers")) assertThat(mail.numbers()).containsExactlyElementsOf(strings(exp.getJsonArray("numbers")));
    if (exp.containsKey("references")) {
      assertThat(mail.references()).containsExactlyElementsOf(strings(exp.getJsonArray("references")));
    }
    if (exp.containsKey("attachments")) {
      JsonArray files = exp.getJsonArray("attachments");
      assertThat(e.attachments()).hasSize(files.size());
      for (int i = 0; i < files.size(); i++) {
        JsonObject f = files.getJsonObject(i);
        Attachment a = e.attachments().stream().filter(x -> x.filename().equals(f.getString("filename"))).findFirst()
            .orElseThrow(() -> new AssertionError("no attachment " + f.getString("filename") + " in " + e.attachments()));
        if (f.containsKey("media_type")) assertThat(a.mediaType()).isEqualTo(f.getString("media_type"));
        if (f.containsKey("size")) assertThat(a.size()).isEqualTo(f.getLong("size"));
        if (f.containsKey("sha256")) assertThat(a.sha256()).isEqualTo(f.getString("sha256"));
      }
    }
    if (exp.containsKey("bounce")) {
      JsonObject b = exp.getJsonObject("bounce");
      assertThat(mail.bounce()).isNotNull();
      assertThat(mail.bounce().hard()).isEqualTo(b.getBoolean("hard"));
      assertThat(mail.bounce().recipients()).containsExactlyElementsOf(strings(b.getJsonArray("recipients")));
      assertThat(mail.bounce().originalIds()).contains(b.getString("original"));
      assertThat(mail.bounce().status()).isEqualTo(b.getString("status"));
    }
  }

  private static List<String> strings(JsonArray a) {
    return a.stream().map(String::valueOf).toList();
  }
}
