package io.voxgate.config;

import java.util.Optional;
import java.util.Set;

/**
 * The customer centre's settings: the share of open complaints sampled for return visits, the
 * longest note/reply/comment, and the volume (orders, units served) per report period that the
 * complaint rate is measured against (0 = not configured: no complaint rate).
 */
public record InboxOptions(int samplePercent, int textLimit, long volumeWeek, long volumeMonth, long volumeQuarter) {
  static final Set<String> KEYS = Set.of("visit_sample_percent", "text_limit", "volume");

  public static InboxOptions defaults() {
    return new InboxOptions(20, 10_000, 0, 0, 0);
  }

  static InboxOptions from(YamlTree t) {
    for (String k : t.keys()) {
      if (!KEYS.contains(k)) throw t.error(k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
    }
    YamlTree v = t.child("volume");
    for (String k : v.keys()) {
      if (!Set.of("week", "month", "quarter").contains(k)) throw v.error(k, "unknown period (known: month, quarter, week)");
    }
    return new InboxOptions(t.intValue("visit_sample_percent", 20, 0, 100), t.intValue("text_limit", 10_000, 1, 1_000_000),
        v.longValue("week", 0, 0, Long.MAX_VALUE), v.longValue("month", 0, 0, Long.MAX_VALUE),
        v.longValue("quarter", 0, 0, Long.MAX_VALUE));
  }

  /** The configured volume of a period kind ({@code week|month|quarter}), if any. */
  public Optional<Long> volume(String period) {
    long n = switch (period) {
      case "week" -> volumeWeek;
      case "month" -> volumeMonth;
      case "quarter" -> volumeQuarter;
      default -> 0;
    };
    return n > 0 ? Optional.of(n) : Optional.empty();
  }
}
