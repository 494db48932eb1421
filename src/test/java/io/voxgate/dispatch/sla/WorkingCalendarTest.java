package io.voxgate.dispatch.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The product's own calendar copy under conf/calendars, and what happens past its coverage. */
class WorkingCalendarTest {
  static final WorkingCalendar CAL = load();

  static WorkingCalendar load() {
    try {
      return WorkingCalendar.load(Path.of("conf/calendars"), LocalTime.of(9, 0), LocalTime.of(18, 0));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shippedCalendarHasTheOfficialWorkingDayCountsPerYear() {
    for (int[] year : new int[][] {{2024, 251}, {2025, 248}, {2026, 248}}) {
      int n = 0;
      for (LocalDate d = LocalDate.of(year[0], 1, 1); d.getYear() == year[0]; d = d.plusDays(1)) {
        if (CAL.isWorkingDay(d)) n++;
      }
      assertThat(n).as("working days in %d", year[0]).isEqualTo(year[1]);
    }
    assertThat(CAL.coveredTo()).isEqualTo(LocalDate.of(2026, 12, 31));
  }

  @Test
  void deadlinePastCoverageUsesWeekdaysAndFixedHolidaysAndIsProvisional() {
    Deadline d = CAL.addWorkingDays(at("2026-12-30T10:00:00+08:00"), 3);
    // 12-31 = 1, 01-01 statutory holiday, weekend 01-02/03, 01-04 = 2, 01-05 = 3
    assertThat(d.due()).isEqualTo(at("2027-01-05T18:00:00+08:00"));
    assertThat(d.provisional()).isTrue();
    assertThat(CAL.addWorkingDays(at("2026-12-21T10:00:00+08:00"), 3).provisional()).isFalse();
  }

  @Test
  void dateIsTakenInShanghaiNotUtc() {
    // 2026-02-13T16:30Z is Saturday 00:30 in Shanghai, an adjusted working day (调休上班)
    assertThat(CAL.addWorkingTime(Instant.parse("2026-02-13T16:30:00Z"), Duration.ofHours(1)).due())
        .isEqualTo(at("2026-02-14T10:00:00+08:00"));
  }

  @Test
  void configuredWorkingHoursChangeTheBusinessTime() throws Exception {
    WorkingCalendar short8 = WorkingCalendar.load(Path.of("conf/calendars"), LocalTime.of(8, 30), LocalTime.of(17, 0));
    assertThat(short8.addWorkingTime(at("2026-03-09T16:00:00+08:00"), Duration.ofHours(2)).due())
        .isEqualTo(at("2026-03-10T09:30:00+08:00"));
    assertThat(new DeadlineRule.HalfWorkingDay().due(short8, at("2026-03-09T08:30:00+08:00"), Duration.ZERO).due())
        .isEqualTo(at("2026-03-09T12:45:00+08:00"));
  }

  @Test
  void addingAFileForANewYearExtendsCoverage() throws Exception {
    Path dir = Files.createTempDirectory("cal");
    Files.copy(Path.of("conf/calendars/cn-2024-2026.json"), dir.resolve("cn-2024-2026.json"));
    Files.writeString(dir.resolve("cn-2027.json"), """
        {"format": "voxgate-cn-workday-calendar/1", "timezone": "Asia/Shanghai",
         "coverage": {"from": "2027-01-01", "to": "2027-12-31"},
         "days": [{"date": "2027-01-01", "off": true, "name": "元旦"}, {"date": "2027-01-04", "off": true, "name": "元旦"}]}""");
    WorkingCalendar cal = WorkingCalendar.load(dir, LocalTime.of(9, 0), LocalTime.of(18, 0));
    assertThat(cal.coveredTo()).isEqualTo(LocalDate.of(2027, 12, 31));
    assertThat(cal.isWorkingDay(LocalDate.of(2027, 1, 4))).isFalse();
    assertThat(cal.addWorkingDays(at("2026-12-31T10:00:00+08:00"), 1)).isEqualTo(
        new Deadline(at("2027-01-05T18:00:00+08:00"), false));
  }

  @Test
  void rejectsAFileOfAnotherFormat() throws Exception {
    Path dir = Files.createTempDirectory("cal");
    Files.writeString(dir.resolve("x.json"), "{\"format\": \"holiday-cn\"}");
    assertThatThrownBy(() -> WorkingCalendar.load(dir, LocalTime.of(9, 0), LocalTime.of(18, 0)))
        .hasMessageContaining("x.json").hasMessageContaining("voxgate-cn-workday-calendar/1");
  }

  @Test
  void parsesEveryRuleFormAndRejectsOthers() {
    assertThat(DeadlineRule.parse("PT24H")).isEqualTo(new DeadlineRule.WallClock(Duration.ofHours(24)));
    assertThat(DeadlineRule.parse("3 working days")).isEqualTo(new DeadlineRule.WorkingDays(3));
    assertThat(DeadlineRule.parse("1 working day")).isEqualTo(new DeadlineRule.WorkingDays(1));
    assertThat(DeadlineRule.parse("PT8H working")).isEqualTo(new DeadlineRule.WorkingTime(Duration.ofHours(8)));
    assertThat(DeadlineRule.parse("half working day")).isEqualTo(new DeadlineRule.HalfWorkingDay());
    assertThatThrownBy(() -> DeadlineRule.parse("soon")).hasMessageContaining("3 working days");
    assertThatThrownBy(() -> DeadlineRule.parse("-PT1H")).hasMessageContaining("positive");
  }

  static Instant at(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }
}
