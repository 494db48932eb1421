package io.voxgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One forum source: where to read posts, how to find them in a page, which words make a post a
 * potential complaint, and how politely to crawl. Defaults (including the complaint lexicon) come
 * from the {@code forum:} section of {@code conf/voxgate.yaml}.
 *
 * @param postBody       selector for the full body on each post's own page; null: the list page's body
 * @param ratePerSecond  requests per second per host; 0 means no limit
 * @param allowedHosts   hosts of the start URLs and feed plus {@code allowed_hosts}: the only redirect targets
 */
public record ForumOptions(List<String> startUrls, Optional<String> feed, Selectors selectors, String postBody,
                           List<String> keywords, List<String> exclude, int maxPages, double ratePerSecond,
                           Schedule schedule, String userAgent, Duration timeout, long maxResponseSize,
                           boolean enabled, ZoneId zone, Set<String> allowedHosts) {

  static final Set<String> KEYS = Set.of("start_urls", "feed", "selectors", "post_page", "keywords", "exclude",
      "max_pages", "rate_per_second", "schedule", "user_agent", "timeout", "max_response_size", "enabled",
      "time_zone", "allowed_hosts");
  private static final Set<String> SELECTOR_KEYS = Set.of("item", "title", "body", "author", "time", "link", "next");
  static final Duration MAX_INTERVAL = Duration.ofHours(24);

  /** jsoup CSS selectors; {@code sel@attr} reads an attribute; all but item and next are relative to an item. */
  public record Selectors(String item, String title, String body, String author, String time, String link,
                          String next) {
  }

  /** Either every {@code interval} or once a day at {@code daily} (in the source's zone). */
  public record Schedule(Duration interval, LocalTime daily) {
    public String describe() {
      return interval != null ? interval.toString() : "daily " + daily;
    }
  }

  static ForumOptions from(YamlTree t, YamlTree defaults) {
    List<String> startUrls = t.strings("start_urls");
    for (int i = 0; i < startUrls.size(); i++) httpUrl(t, "start_urls[" + i + "]", startUrls.get(i));
    Optional<String> feed = t.optString("feed");
    feed.ifPresent(f -> httpUrl(t, "feed", f));
    if (startUrls.isEmpty() && feed.isEmpty()) throw t.error("start_urls", "give start_urls, a feed, or both");

    YamlTree s = t.child("selectors");
    for (String k : s.keys()) if (!SELECTOR_KEYS.contains(k)) throw s.error(k, "unknown selector (known: body, item, link, next, author, time, title)");
    Selectors selectors = new Selectors(s.optString("item").orElse(null), s.optString("title").orElse(null),
        s.optString("body").orElse(null), s.optString("author").orElse(null), s.optString("time").orElse(null),
        s.optString("link").orElse(null), s.optString("next").orElse(null));
    if (!startUrls.isEmpty()) {
      if (selectors.item() == null) throw s.error("item", "is required with start_urls");
    }
    String postBody = null;
    if (t.has("post_page")) postBody = t.child("post_page").string("body");

    Set<String> keywords = new LinkedHashSet<>(defaults.strings("keywords"));
    keywords.addAll(t.strings("keywords"));
    if (keywords.isEmpty()) throw t.error("keywords", "no keywords here nor in the forum: section of voxgate.yaml");
    List<String> exclude = new ArrayList<>(defaults.strings("exclude"));
    exclude.addAll(t.strings("exclude"));

    Set<String> hosts = new LinkedHashSet<>();
    startUrls.forEach(u -> hosts.add(host(u)));
    feed.ifPresent(f -> hosts.add(host(f)));
    t.strings("allowed_hosts").forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));

    ZoneId zone;
    try {
      zone = ZoneId.of(t.string("time_zone", defaults.string("time_zone", "Asia/Shanghai")));
    } catch (DateTimeException e) {
      throw t.error("time_zone", "must be a zone such as Asia/Shanghai");
    }
    return new ForumOptions(startUrls, feed, selectors, postBody, List.copyOf(keywords), List.copyOf(exclude),
        t.intValue("max_pages", defaults.intValue("max_pages", 10, 1, 10_000), 1, 10_000),
        rate(t, defaults),
        schedule(t, defaults.string("schedule", "PT6H")),
        t.string("user_agent", defaults.string("user_agent", "VoxgateBot/1.0 (+complaints monitoring)")),
        positive(t, "timeout", t.duration("timeout", defaults.duration("timeout", Duration.ofSeconds(15)))),
        t.longValue("max_response_size", defaults.longValue("max_response_size", 5L << 20, 1024, 1L << 30), 1024, 1L << 30),
        t.bool("enabled", true), zone, Set.copyOf(hosts));
  }

  private static double rate(YamlTree t, YamlTree defaults) {
    YamlTree from = t.has("rate_per_second") ? t : defaults;
    Optional<String> v = from.optString("rate_per_second");
    if (v.isEmpty()) return 1.0;
    try {
      double d = Double.parseDouble(v.get());
      if (d >= 0 && d <= 1000) return d;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw from.error("rate_per_second", "must be a number from 0 (no limit) to 1000, got '" + v.get() + "'");
  }

  private static Schedule schedule(YamlTree t, String fallback) {
    String v = t.string("schedule", fallback).trim();
    if (v.matches("\\d{1,2}:\\d{2}")) {
      try {
        return new Schedule(null, LocalTime.parse(v.length() == 4 ? "0" + v : v));
      } catch (DateTimeParseException e) {
        throw t.error("schedule", "'" + v + "' is not a time of day (00:00-23:59)");
      }
    }
    Duration d;
    try {
      d = Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw t.error("schedule", "must be an interval such as PT6H or a daily time such as 07:30, got '" + v + "'");
    }
    if (d.isNegative() || d.isZero()) throw t.error("schedule", "must be a positive interval, got " + v);
    if (d.compareTo(MAX_INTERVAL) > 0) {
      throw t.error("schedule", "must be at most 24 hours (forums are monitored at least daily), got " + v);
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0) throw t.error("schedule", "must be at least PT1M, got " + v);
    return new Schedule(d, null);
  }

  private static Duration positive(YamlTree t, String key, Duration d) {
    if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(5)) > 0) throw t.error(key, "must be between PT0.001S and PT5M");
    return d;
  }

  private static void httpUrl(YamlTree t, String key, String url) {
    try {
      URI u = new URI(url);
      if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
        throw t.error(key, "must be an http(s) URL with a host, got '" + url + "'");
      }
    } catch (URISyntaxException e) {
      throw t.error(key, "is not a valid URL: " + e.getMessage());
    }
  }

  private static String host(String url) {
    return URI.create(url).getHost().toLowerCase(Locale.ROOT);
  }
}
