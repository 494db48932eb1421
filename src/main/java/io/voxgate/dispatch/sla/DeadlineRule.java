package io.voxgate.dispatch.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a clock's due time follows from its start: {@code PT24H} (wall clock), {@code 3 working days},
 * {@code PT8H working} (business time) or {@code half working day}. A pause extends a wall-clock rule
 * by its length, a working-time rule by the business time it covered, a working-days rule by
 * ceil(paused business time / working-day length) working days.
 */
public sealed interface DeadlineRule {
  /** Due time from {@code start}, extended by {@code paused} (business time, or wall time for wall-clock rules). */
  Deadline due(WorkingCalendar cal, Instant start, Duration paused);

  /** Whether pauses are measured in business time (else wall time). */
  boolean business();

  record WallClock(Duration duration) implements DeadlineRule {
    public Deadline due(WorkingCalendar cal, Instant start, Duration paused) {
      return new Deadline(start.plus(duration).plus(paused), false);
    }

    public boolean business() {
      return false;
    }

    public String toString() {
      return duration.toString();
    }
  }

  record WorkingDays(int days) implements DeadlineRule {
    public Deadline due(WorkingCalendar cal, Instant start, Duration paused) {
      Deadline base = cal.addWorkingDays(start, days);
      long len = cal.workingDayLength().toSeconds();
      int extra = (int) ((paused.toSeconds() + len - 1) / len);
      if (extra == 0) return base;
      Deadline ext = cal.addWorkingDays(base.due(), extra);
      return new Deadline(ext.due(), base.provisional() || ext.provisional());
    }

    public boolean business() {
      return true;
    }

    public String toString() {
      return days + " working days";
    }
  }

  record WorkingTime(Duration duration) implements DeadlineRule {
    public Deadline due(WorkingCalendar cal, Instant start, Duration paused) {
      Deadline base = cal.addWorkingTime(start, duration);
      if (paused.isZero()) return base;
      Deadline ext = cal.addWorkingTime(base.due(), paused);
      return new Deadline(ext.due(), base.provisional() || ext.provisional());
    }

    public boolean business() {
      return true;
    }

    public String toString() {
      return duration + " working";
    }
  }

  Pattern DAYS = Pattern.compile("(\\d{1,3})\\s+working\\s+days?");
  Pattern WORKING = Pattern.compile("(P\\S+)\\s+working");

  /** @throws IllegalArgumentException naming the accepted forms */
  static DeadlineRule parse(String text) {
    String s = text.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    try {
      if (lower.equals("half working day")) return new HalfWorkingDay();
      Matcher m = DAYS.matcher(lower);
      if (m.matches()) return new WorkingDays(Integer.parseInt(m.group(1)));
      m = WORKING.matcher(s.toUpperCase(Locale.ROOT).replace("WORKING", "working"));
      if (m.matches()) return new WorkingTime(positive(Duration.parse(m.group(1))));
      return new WallClock(positive(Duration.parse(s.toUpperCase(Locale.ROOT))));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a deadline rule (use PT24H, 3 working days, "
          + "PT8H working or half working day)");
    }
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("a deadline must be positive, got " + d);
    return d;
  }

  /** Half of the working-day length in business time. */
  record HalfWorkingDay() implements DeadlineRule {
    public Deadline due(WorkingCalendar cal, Instant start, Duration paused) {
      return new WorkingTime(cal.workingDayLength().dividedBy(2)).due(cal, start, paused);
    }

    public boolean business() {
      return true;
    }

    public String toString() {
      return "half working day";
    }
  }
}
