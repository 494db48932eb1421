package io.voxgate.dispatch.sla;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The official working-day calendar (format {@code voxgate-cn-workday-calendar/1}): a date listed
 * in a file is a working day exactly when {@code off} is false, any other covered date when it is
 * Monday to Friday. Outside coverage the Mon–Fri rule minus the fixed statutory holidays applies
 * and results are marked provisional. Working hours are one window per working day. Pure and
 * immutable; several files (e.g. one per year) are merged.
 */
public final class WorkingCalendar {
  /** Fixed-date statutory holidays (全国年节及纪念日放假办法, 2024): assumed where no notice is known. */
  private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(5, 2),
      MonthDay.of(10, 1), MonthDay.of(10, 2), MonthDay.of(10, 3));
  private static final int MAX_DAYS_SCANNED = 3660;

  private final ZoneId zone;
  private final LocalTime open;
  private final LocalTime close;
  private final Map<LocalDate, Boolean> exceptions;
  private final LocalDate coveredFrom;
  private final LocalDate coveredTo;

  public WorkingCalendar(ZoneId zone, LocalTime open, LocalTime close, Map<LocalDate, Boolean> workingExceptions,
                         LocalDate coveredFrom, LocalDate coveredTo) {
    if (!open.isBefore(close)) throw new IllegalArgumentException("working hours must open before they close");
    this.zone = zone;
    this.open = open;
    this.close = close;
    this.exceptions = Map.copyOf(workingExceptions);
    this.coveredFrom = coveredFrom;
    this.coveredTo = coveredTo;
  }

  /** Reads every {@code *.json} calendar file in {@code dir}; an empty or missing folder means no coverage. */
  public static WorkingCalendar load(Path dir, LocalTime open, LocalTime close) throws IOException {
    List<JsonObject> files = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          try {
            files.add(new JsonObject(Files.readString(p, StandardCharsets.UTF_8)).put("_file", p.toString()));
          } catch (DecodeException e) {
            throw new IOException(p + ": not valid JSON: " + e.getMessage());
          }
        }
      }
    }
    return of(files, open, close);
  }

  /** From parsed calendar documents; coverage is their union (assumed contiguous). */
  public static WorkingCalendar of(List<JsonObject> docs, LocalTime open, LocalTime close) throws IOException {
    Map<LocalDate, Boolean> working = new HashMap<>();
    LocalDate from = null;
    LocalDate to = null;
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    for (JsonObject doc : docs) {
      String name = doc.getString("_file", "calendar");
      if (!"voxgate-cn-workday-calendar/1".equals(doc.getString("format"))) {
        throw new IOException(name + ": format must be voxgate-cn-workday-calendar/1");
      }
      try {
        zone = ZoneId.of(doc.getString("timezone", "Asia/Shanghai"));
        JsonObject cov = doc.getJsonObject("coverage");
        LocalDate f = LocalDate.parse(cov.getString("from"));
        LocalDate t = LocalDate.parse(cov.getString("to"));
        from = from == null || f.isBefore(from) ? f : from;
        to = to == null || t.isAfter(to) ? t : to;
        for (Object o : doc.getJsonArray("days")) {
          JsonObject d = (JsonObject) o;
          working.put(LocalDate.parse(d.getString("date")), !d.getBoolean("off"));
        }
      } catch (RuntimeException e) {
        throw new IOException(name + ": " + e.getMessage());
      }
    }
    return new WorkingCalendar(zone, open, close, working, from, to);
  }

  public ZoneId zone() {
    return zone;
  }

  /** Last covered date; null when no calendar file was loaded. */
  public LocalDate coveredTo() {
    return coveredTo;
  }

  public boolean covers(LocalDate d) {
    return coveredFrom != null && !d.isBefore(coveredFrom) && !d.isAfter(coveredTo);
  }

  public boolean isWorkingDay(LocalDate d) {
    if (covers(d)) {
      Boolean listed = exceptions.get(d);
      if (listed != null) return listed;
      return !weekend(d);
    }
    return !weekend(d) && !FIXED_HOLIDAYS.contains(MonthDay.from(d));
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  public Duration workingDayLength() {
    return Duration.between(open, close);
  }

  /** Close of business of the {@code n}-th working day after the date of {@code from} (that date not counted). */
  public Deadline addWorkingDays(Instant from, int n) {
    LocalDate d = from.atZone(zone).toLocalDate();
    boolean provisional = false;
    int counted = 0;
    for (int i = 0; counted < n; i++) {
      if (i > MAX_DAYS_SCANNED) throw new IllegalStateException("no working day within ten years");
      d = d.plusDays(1);
      provisional |= !covers(d);
      if (isWorkingDay(d)) counted++;
    }
    return new Deadline(d.atTime(close).atZone(zone).toInstant(), provisional);
  }

  /** The instant when {@code budget} of business time has elapsed from {@code from}; ending exactly at close is due at close. */
  public Deadline addWorkingTime(Instant from, Duration budget) {
    ZonedDateTime t = from.atZone(zone);
    LocalDate d = t.toLocalDate();
    Duration left = budget;
    boolean provisional = false;
    for (int i = 0; i <= MAX_DAYS_SCANNED; i++, d = d.plusDays(1)) {
      provisional |= !covers(d);
      if (!isWorkingDay(d)) continue;
      ZonedDateTime start = d.atTime(open).atZone(zone);
      ZonedDateTime end = d.atTime(close).atZone(zone);
      if (i == 0 && t.isAfter(start)) start = t;
      if (!start.isBefore(end)) continue;
      Duration available = Duration.between(start, end);
      if (left.isZero() && i > 0) return new Deadline(start.toInstant(), provisional);
      if (left.compareTo(available) <= 0) return new Deadline(start.plus(left).toInstant(), provisional);
      left = left.minus(available);
    }
    throw new IllegalStateException("working time does not fit in ten years");
  }

  /** Business time (inside working hours on working days) between two instants. */
  public Duration businessTime(Instant from, Instant to) {
    if (!to.isAfter(from)) return Duration.ZERO;
    Duration sum = Duration.ZERO;
    LocalDate last = to.atZone(zone).toLocalDate();
    int i = 0;
    for (LocalDate d = from.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
      if (++i > MAX_DAYS_SCANNED) break;
      if (!isWorkingDay(d)) continue;
      Instant s = d.atTime(open).atZone(zone).toInstant();
      Instant e = d.atTime(close).atZone(zone).toInstant();
      Instant a = s.isAfter(from) ? s : from;
      Instant b = e.isBefore(to) ? e : to;
      if (b.isAfter(a)) sum = sum.plus(Duration.between(a, b));
    }
    return sum;
  }
}
