package io.voxgate.channel.forum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per source: {@code voxgate_forum_pages_total}, {@code _posts_total}, {@code _tickets_total},
 * {@code _errors_total}, and where crawl time goes: {@code voxgate_forum_parse_seconds_total},
 * {@code _fetch_seconds_total} (network), {@code _wait_seconds_total} (held by the rate limit).
 */
public final class ForumMeters {
  private final MeterRegistry registry;

  public ForumMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void page(String source) {
    count("voxgate.forum.pages", "Forum pages and feeds fetched", source);
  }

  void post(String source) {
    count("voxgate.forum.posts", "Forum posts seen", source);
  }

  void ticket(String source) {
    count("voxgate.forum.tickets", "Potential tickets created from forum posts", source);
  }

  void error(String source) {
    count("voxgate.forum.errors", "Forum fetch and processing errors", source);
  }

  void timing(String source, CrawlStats s) {
    seconds("voxgate.forum.parse", "Time parsing pages", source, s.parseNanos());
    seconds("voxgate.forum.fetch", "Time fetching pages (network)", source, s.fetchNanos());
    seconds("voxgate.forum.wait", "Time held by the per-host rate limit", source, s.waitNanos());
  }

  private void seconds(String name, String description, String source, long nanos) {
    Counter.builder(name).baseUnit("seconds").description(description).tags("source", source).register(registry)
        .increment(nanos / 1e9);
  }

  /** Registers the four counters at zero so that they show before the first crawl. */
  public void register(String source) {
    counter("voxgate.forum.pages", "Forum pages and feeds fetched", source);
    counter("voxgate.forum.posts", "Forum posts seen", source);
    counter("voxgate.forum.tickets", "Potential tickets created from forum posts", source);
    counter("voxgate.forum.errors", "Forum fetch and processing errors", source);
  }

  private void count(String name, String description, String source) {
    counter(name, description, source).increment();
  }

  private Counter counter(String name, String description, String source) {
    return Counter.builder(name).description(description).tags("source", source).register(registry);
  }
}
