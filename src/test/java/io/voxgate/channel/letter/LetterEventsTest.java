package io.voxgate.channel.letter;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.config.LetterOptions;
import io.voxgate.ticket.Kind;
import io.voxgate.ticket.TicketEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reading makes of a letter's ticket: text with page headers, contacts, flags, acknowledgement way. */
class LetterEventsTest {
  static final Instant AT = Instant.parse("2026-11-23T02:00:00Z");
  static final LetterEvents.Stored STORED = new LetterEvents.Stored("mailroom", "sha256:ab", AT, null, null, null,
      List.of("scan.tiff"));

  static LetterEvents.Revision read(PageText... pages) {
    return LetterEvents.revision(STORED, List.of(pages), LetterOptions.DEFAULTS, AT);
  }

  @Test
  void lowConfidencePagesAreFlaggedAndAMobileMeansAnSmsAck() {
    LetterEvents.Revision r = read(
        new PageText("scan.tiff", 1, "ocr", "投诉信\n产品质量问题，要求退款。", 91.0, null, null),
        new PageText("scan.tiff", 2, "ocr", "手机 13812345678", 41.5, null, null));
    TicketEvent e = r.event();
    assertThat(e.flags()).containsExactly("low_confidence");
    assertThat(e.subject()).isEqualTo("投诉信");
    assertThat(e.body()).contains("[scan.tiff · 第1页 · OCR 91%]", "[scan.tiff · 第2页 · OCR 42%]", "产品质量问题");
    assertThat(e.customer().phone()).isEqualTo("+8613812345678");
    assertThat(e.ack().via()).isNull(); // decided by AckDecision: SMS
    assertThat(e.kind()).isNull(); // decided by Classify from the text
    assertThat(r.entry().data().getJsonArray("pages").getJsonObject(1).getBoolean("low_confidence")).isTrue();
  }

  @Test
  void subjectSkipsPrintHeadersDatesAndSalutations() {
    assertThat(LetterEvents.subject("11/23/26, 4:17 PM\n尊敬的客服中心：\n本人购买的空调一直漏水，要求退货。\n2026年11月20日",
        List.of("a.pdf"))).isEqualTo("本人购买的空调一直漏水，要求退货。");
    assertThat(LetterEvents.subject("2026年11月20日\n第1页\nDear Sir or Madam,\nComplaint about a leaking air conditioner",
        List.of("a.pdf"))).isEqualTo("Complaint about a leaking air conditioner");
    assertThat(LetterEvents.subject("file:///tmp/letter.html 1/1\n致歉信", List.of("a.pdf"))).isEqualTo("致歉信");
    assertThat(LetterEvents.subject("关于空调漏水的投诉\n尊敬的客服中心：", List.of("a.pdf"))).isEqualTo("关于空调漏水的投诉");
    assertThat(LetterEvents.subject("2026-11-20", List.of("a.pdf"))).as("nothing better: the first line").isEqualTo("2026-11-20");
  }

  @Test
  void timeoutOnEveryPageLeavesAnUnreadRestrictedLetterForAPostalReply() {
    LetterEvents.Revision r = read(PageText.failed("scan.tiff", 1, "timeout", "longer than 60000 ms"));
    assertThat(r.event().flags()).containsExactly("ocr_failed");
    assertThat(r.event().kind()).isEqualTo(Kind.REPORT);
    assertThat(r.event().ack().via()).isEqualTo("postal");
    assertThat(r.event().subject()).contains("scan.tiff");
  }

  @Test
  void aLandlineAloneStillMeansAPostalReply() {
    LetterEvents.Revision r = read(new PageText("a.pdf", 1, "text_layer", "电话：021-62345678 地址：上海市徐汇区漕溪北路88号", null, null, null));
    assertThat(r.event().customer().phone()).isEqualTo("021-62345678");
    assertThat(r.event().customer().address()).isEqualTo("上海市徐汇区漕溪北路88号");
    assertThat(r.event().ack().via()).isEqualTo("postal");
    assertThat(r.event().flags()).isEmpty();
  }

  @Test
  void textLayerMustBeMeaningful() {
    assertThat(TextExtractor.meaningful("产品质量问题，要求退款，否则我将向12315投诉。", 20)).isTrue();
    assertThat(TextExtractor.meaningful("  \n  ", 20)).isFalse();
    assertThat(TextExtractor.meaningful("Page 1", 20)).isFalse();
    assertThat(TextExtractor.meaningful("\uFFFD".repeat(30), 20)).isFalse();
  }
}
