package io.voxgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What goes out for an outbox row, decided without I/O. */
class ComposerTest {
  static final Composer COMPOSER = new Composer("voxgate.example", ZoneId.of("Asia/Shanghai"));
  static final Instant REPLY_BY = Instant.parse("2026-03-11T10:00:00Z");

  static OutboxItem item(String purpose, String via, String channel, String lang, List<String> flags, List<String> earlier) {
    return new OutboxItem(7, UUID.randomUUID(), purpose, via, 0, null, new JsonObject().put("text", "Fixed."), "TS-20260306-00042",
        "complaint", channel, "<orig@customer.example>", Instant.parse("2026-03-06T12:15:00Z"), Instant.now(), "Li Lei",
        "li@example.com", "13800138000", lang, "Kettle leaks", "quality", "general", null, flags, earlier);
  }

  @Test
  void englishAckMailNamesNumberNextStepAndDeadlineDateAndThreadsToTheCustomersMail() {
    Outgoing.Mail m = (Outgoing.Mail) COMPOSER.compose(item("ack", "email", "email", "en", List.of(), List.of()), REPLY_BY);
    assertThat(m.to()).isEqualTo("li@example.com");
    assertThat(m.subject()).isEqualTo("[TS-20260306-00042] We have received your complaint");
    assertThat(m.text()).contains("Dear Li Lei").contains("TS-20260306-00042").contains("we will reply by 11 March 2026");
    assertThat(m.inReplyTo()).isEqualTo("<orig@customer.example>");
    assertThat(m.references()).containsExactly("<orig@customer.example>");
    assertThat(m.autoSubmitted()).isEqualTo("auto-replied");
    assertThat(m.messageId()).matches("<ack\\.7\\.[0-9a-f]+@voxgate\\.example>");
  }

  @Test
  void chineseReplyOnAWebFormTicketThreadsToOurEarlierMail() {
    Outgoing.Mail m = (Outgoing.Mail) COMPOSER.compose(item("reply", "email", "webform", "zh-CN", List.of(),
        List.of("<ack.1.a@voxgate.example>")), REPLY_BY);
    assertThat(m.subject()).contains("答复");
    assertThat(m.text()).contains("Fixed.");
    assertThat(m.inReplyTo()).isEqualTo("<ack.1.a@voxgate.example>");
    assertThat(m.autoSubmitted()).isNull();
  }

  @Test
  void neverAcknowledgesForumPostsMachinesOrTicketsWithoutContact() {
    assertThat(COMPOSER.compose(item("ack", "email", "forum", "zh-CN", List.of(), List.of()), REPLY_BY))
        .isEqualTo(new Outgoing.Skip("forum", "suppressed"));
    assertThat(COMPOSER.compose(item("ack", "email", "email", "zh-CN", List.of("bounce"), List.of()), REPLY_BY))
        .isEqualTo(new Outgoing.Skip("auto_reply", "suppressed"));
    assertThat(COMPOSER.compose(item("ack", "none", "letter", "zh-CN", List.of(), List.of()), REPLY_BY))
        .isEqualTo(new Outgoing.Skip("no_contact", "suppressed"));
    assertThat(COMPOSER.compose(item("ack", "postal", "letter", "zh-CN", List.of(), List.of()), REPLY_BY))
        .isEqualTo(new Outgoing.Skip("postal", "postal"));
  }

  @Test
  void smsAckIsShortChineseTextWithNumberAndDate() {
    Outgoing.Sms s = (Outgoing.Sms) COMPOSER.compose(item("ack", "sms", "phone", "zh-CN", List.of(), List.of()), REPLY_BY);
    assertThat(s.phone()).isEqualTo("13800138000");
    assertThat(s.text()).isEqualTo("【客服中心】您的投诉已受理，编号TS-20260306-00042，我们将在2026年3月11日前答复您。");
  }
}
