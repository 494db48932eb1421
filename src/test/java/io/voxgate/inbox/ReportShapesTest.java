package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ReportShapesTest {
  @Test
  void weeksRunMondayToSundayInShanghai() {
    ReportPeriod p = ReportPeriod.containing("week", LocalDate.parse("2026-11-15")); // a Sunday
    assertThat(p.start()).isEqualTo(LocalDate.parse("2026-11-09"));
    assertThat(p.last()).isEqualTo(LocalDate.parse("2026-11-15"));
    assertThat(p.startTime()).isEqualTo(OffsetDateTime.parse("2026-11-09T00:00+08:00"));
    assertThat(p.endTime().toInstant().toString()).isEqualTo("2026-11-15T16:00:00Z");
    assertThat(p.previous().start()).isEqualTo(LocalDate.parse("2026-11-02"));
  }

  @Test
  void monthsAndQuartersAreCalendarSpans() {
    assertThat(ReportPeriod.containing("month", LocalDate.parse("2024-02-29")).last()).isEqualTo(LocalDate.parse("2024-02-29"));
    ReportPeriod q = ReportPeriod.containing("quarter", LocalDate.parse("2026-06-30"));
    assertThat(q.start()).isEqualTo(LocalDate.parse("2026-04-01"));
    assertThat(q.end()).isEqualTo(LocalDate.parse("2026-07-01"));
    assertThat(ReportPeriod.containing("quarter", LocalDate.parse("2026-01-01")).previous().start()).isEqualTo(LocalDate.parse("2025-10-01"));
  }

  @Test
  void quotesCsvFieldsAsRfc4180AndDefusesFormulas() {
    assertThat(ReportCsv.field("plain")).isEqualTo("plain");
    assertThat(ReportCsv.field("研发,二部")).isEqualTo("\"研发,二部\"");
    assertThat(ReportCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ReportCsv.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    assertThat(ReportCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(ReportCsv.field("-0.5")).isEqualTo("-0.5");
  }

  @Test
  void repliesGoBackTheWayTheCustomerCameWhenTheyCan() {
    assertThat(ReplyPath.via("email", "a@b.cn", "138", "addr")).hasValue("email");
    assertThat(ReplyPath.via("phone", "a@b.cn", "138", "addr")).hasValue("sms");
    assertThat(ReplyPath.via("phone", "a@b.cn", null, null)).hasValue("email");
    assertThat(ReplyPath.via("letter", "a@b.cn", "138", "addr")).hasValue("postal");
    assertThat(ReplyPath.via("letter", null, "138", " ")).hasValue("sms");
    assertThat(ReplyPath.via("webform", null, null, "addr")).hasValue("postal");
    assertThat(ReplyPath.via("forum", null, null, null)).isEmpty();
  }

  @Test
  void theLifecycleOnlyMovesForward() {
    assertThat(Lifecycle.allowed("new", "acknowledged")).isTrue();
    assertThat(Lifecycle.allowed("new", "closed")).isFalse();
    assertThat(Lifecycle.allowed("closed", "reopened")).isTrue();
    assertThat(Lifecycle.next("bogus")).isEmpty();
  }
}
