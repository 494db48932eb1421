package io.voxgate.channel.forum;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time texts forums show: absolute ({@code 2026-11-20 14:03}, {@code 2022-3-3},
 * {@code 2012 年 1 月 3 日(火) 6:30}, {@code Mar 07 Juil 2015, 11:12}, ISO-8601, RFC 1123) and
 * relative ({@code 刚刚}, {@code 3 小时前}, {@code 昨天 10:15}, {@code 5 minutes ago}, {@code yesterday}).
 * Labels around the time ({@code 发表于：}, {@code par X »}) are ignored. Local times are in the
 * given zone; relative ones count back from the clock. Pure; empty when nothing is recognised.
 */
public final class ForumTimes {
  private static final Pattern YMD = Pattern.compile(
      "(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?\\s*(?:\\([^)]*\\)|（[^）]*）)?[\\sT,]*"
          + "(?:(上午|下午|晚上|凌晨|中午)?\\s*(\\d{1,2})\\s*[:：时]\\s*(\\d{2})(?:\\s*[:：分]\\s*(\\d{2}))?\\s*(am|pm|AM|PM)?)?");
  private static final Pattern MD = Pattern.compile(
      "(?<!\\d)(\\d{1,2})\\s*[-/月]\\s*(\\d{1,2})\\s*日?\\s+(\\d{1,2}):(\\d{2})");
  private static final Pattern NAMED_MONTH = Pattern.compile(
      "(?:(\\d{1,2})\\s+([\\p{L}]{3,9})\\.?|([\\p{L}]{3,9})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?),?\\s+(\\d{4})"
          + "(?:,?\\s*(?:at\\s+|à\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(am|pm|AM|PM)?)?");
  private static final Pattern AGO_ZH = Pattern.compile("(\\d+|半|一|两|几)\\s*(秒|分钟|分|小时|个小时|天|周|星期|个月)\\s*前");
  private static final Pattern AGO_EN = Pattern.compile(
      "(\\d+|an?|one)\\s*(second|sec|minute|min|hour|hr|day|week|month)s?\\s+ago", Pattern.CASE_INSENSITIVE);
  private static final Pattern DAY_WORD = Pattern.compile(
      "(今天|昨天|前天|today|yesterday)\\s*(?:(\\d{1,2})\\s*[:：]\\s*(\\d{2}))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern HM = Pattern.compile("^\\s*(\\d{1,2}):(\\d{2})\\s*$");
  private static final Map<String, Integer> MONTHS = Map.ofEntries(
      Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
      Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
      Map.entry("nov", 11), Map.entry("dec", 12),
      Map.entry("janv", 1), Map.entry("fév", 2), Map.entry("fev", 2), Map.entry("févr", 2), Map.entry("mars", 3),
      Map.entry("avr", 4), Map.entry("mai", 5), Map.entry("juin", 6), Map.entry("juil", 7), Map.entry("août", 8),
      Map.entry("aout", 8), Map.entry("sept", 9), Map.entry("déc", 12));

  private ForumTimes() {
  }

  public static Optional<Instant> parse(String text, ZoneId zone, Clock clock) {
    if (text == null) return Optional.empty();
    String s = text.strip().replace('\u00a0', ' ');
    if (s.isEmpty()) return Optional.empty();
    try {
      return Optional.ofNullable(absolute(s, zone)).or(() -> Optional.ofNullable(relative(s, zone, clock)));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Instant absolute(String s, ZoneId zone) {
    Instant iso = iso(s);
    if (iso != null) return iso;
    Matcher m = YMD.matcher(s);
    if (m.find()) {
      LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return at(d, time(m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)), zone);
    }
    m = NAMED_MONTH.matcher(s);
    while (m.find()) {
      String name = m.group(2) != null ? m.group(2) : m.group(3);
      Integer month = month(name);
      if (month == null) continue;
      int day = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(4));
      LocalDate d = LocalDate.of(Integer.parseInt(m.group(5)), month, day);
      return at(d, time(null, m.group(6), m.group(7), m.group(8), m.group(9)), zone);
    }
    return null;
  }

  private static Instant relative(String s, ZoneId zone, Clock clock) {
    ZonedDateTime now = clock.instant().atZone(zone);
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.contains("刚刚") || lower.contains("just now") || lower.equals("now")) return now.toInstant();
    Matcher m = AGO_ZH.matcher(s);
    if (m.find()) {
      String n = m.group(1);
      if ("半".equals(n)) return now.minusMinutes(30).toInstant();
      long k = switch (n) { case "一" -> 1; case "两" -> 2; case "几" -> 3; default -> Long.parseLong(n); };
      return now.minus(unitZh(m.group(2)).multipliedBy(k)).toInstant();
    }
    m = AGO_EN.matcher(s);
    if (m.find()) {
      String n = m.group(1).toLowerCase(Locale.ROOT);
      long k = n.startsWith("a") || n.equals("one") ? 1 : Long.parseLong(n);
      return now.minus(unitEn(m.group(2).toLowerCase(Locale.ROOT)).multipliedBy(k)).toInstant();
    }
    m = DAY_WORD.matcher(s);
    if (m.find()) {
      String w = m.group(1).toLowerCase(Locale.ROOT);
      int back = switch (w) { case "昨天", "yesterday" -> 1; case "前天" -> 2; default -> 0; };
      LocalTime t = m.group(2) == null ? LocalTime.MIDNIGHT
          : LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return now.toLocalDate().minusDays(back).atTime(t).atZone(zone).toInstant();
    }
    m = MD.matcher(s);
    if (m.find()) {
      LocalDateTime t = LocalDate.of(now.getYear(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
          .atTime(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
      if (t.atZone(zone).isAfter(now.plusDays(1))) t = t.minusYears(1); // "12-31 23:00" read in January
      return t.atZone(zone).toInstant();
    }
    m = HM.matcher(s);
    if (m.find()) {
      return now.toLocalDate().atTime(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).atZone(zone).toInstant();
    }
    return null;
  }

  private static Instant iso(String s) {
    String t = s.trim();
    if (t.length() < 10 || !Character.isDigit(t.charAt(0)) && !Character.isLetter(t.charAt(0))) return null;
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  private static LocalTime time(String period, String h, String min, String sec, String ampm) {
    if (h == null) return LocalTime.MIDNIGHT;
    int hour = Integer.parseInt(h);
    boolean pm = ampm != null && ampm.equalsIgnoreCase("pm") || period != null && "下午晚上".contains(period);
    boolean am = ampm != null && ampm.equalsIgnoreCase("am");
    if (pm && hour < 12) hour += 12;
    if (am && hour == 12) hour = 0;
    return LocalTime.of(hour, Integer.parseInt(min), sec == null ? 0 : Integer.parseInt(sec));
  }

  private static Instant at(LocalDate d, LocalTime t, ZoneId zone) {
    return d.atTime(t).atZone(zone).toInstant();
  }

  private static Integer month(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    Integer m = MONTHS.get(n);
    if (m == null && n.length() > 3) m = MONTHS.get(n.substring(0, 4));
    if (m == null && n.length() >= 3) m = MONTHS.get(n.substring(0, 3));
    return m;
  }

  private static Duration unitZh(String u) {
    return switch (u) {
      case "秒" -> Duration.ofSeconds(1);
      case "分钟", "分" -> Duration.ofMinutes(1);
      case "小时", "个小时" -> Duration.ofHours(1);
      case "天" -> Duration.ofDays(1);
      case "周", "星期" -> Duration.ofDays(7);
      default -> Duration.ofDays(30);
    };
  }

  private static Duration unitEn(String u) {
    return switch (u) {
      case "second", "sec" -> Duration.ofSeconds(1);
      case "minute", "min" -> Duration.ofMinutes(1);
      case "hour", "hr" -> Duration.ofHours(1);
      case "day" -> Duration.ofDays(1);
      case "week" -> Duration.ofDays(7);
      default -> Duration.ofDays(30);
    };
  }
}
