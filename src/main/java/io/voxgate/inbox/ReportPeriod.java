package io.voxgate.inbox;

import io.voxgate.ticket.TicketNumbers;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * A reporting period in Asia/Shanghai local dates: a week (Monday–Sunday), a calendar month or a
 * calendar quarter containing a given day. {@code end} is exclusive. Pure.
 */
public record ReportPeriod(String kind, LocalDate start, LocalDate end) {
  public static ReportPeriod containing(String kind, LocalDate day) {
    return switch (kind) {
      case "week" -> {
        LocalDate s = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        yield new ReportPeriod(kind, s, s.plusWeeks(1));
      }
      case "month" -> {
        LocalDate s = day.withDayOfMonth(1);
        yield new ReportPeriod(kind, s, s.plusMonths(1));
      }
      case "quarter" -> {
        LocalDate s = LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
        yield new ReportPeriod(kind, s, s.plusMonths(3));
      }
      default -> throw new IllegalArgumentException("period must be week, month or quarter");
    };
  }

  public ReportPeriod previous() {
    return containing(kind, start.minusDays(1));
  }

  public OffsetDateTime startTime() {
    return start.atStartOfDay(TicketNumbers.ZONE).toOffsetDateTime();
  }

  public OffsetDateTime endTime() {
    return end.atStartOfDay(TicketNumbers.ZONE).toOffsetDateTime();
  }

  /** The last day of the period, inclusive. */
  public LocalDate last() {
    return end.minusDays(1);
  }
}
