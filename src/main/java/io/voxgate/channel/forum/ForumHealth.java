package io.voxgate.channel.forum;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.SourceConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Readiness of forum sources: each enabled forum must have crawled successfully (on any gateway
 * instance) within {@link #MAX_AGE}; before its first success the gateway's start counts. A
 * disabled forum is always up.
 */
public final class ForumHealth {
  public static final Duration MAX_AGE = Duration.ofHours(26);
  private final ForumStore store;
  private final Clock clock;
  private final Instant started;

  public ForumHealth(ForumStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.started = clock.instant();
  }

  /** Details for {@code /health/ready}; {@code up} false when the last success is too old. */
  public Future<JsonObject> check(SourceConfig s) {
    return store.states().map(states -> {
      ForumStore.State st = states.get(s.id());
      Instant now = clock.instant();
      Instant last = st == null ? null : st.lastSuccessAt();
      Instant since = last != null ? last : started;
      boolean up = !s.forum().enabled() || Duration.between(since, now).compareTo(MAX_AGE) <= 0;
      JsonObject out = new JsonObject().put("channel", "forum").put("enabled", s.forum().enabled())
          .put("schedule", s.forum().schedule().describe())
          .put("last_success", last == null ? null : last.toString())
          .put("up", up);
      if (st != null) {
        out.put("last_error_at", st.lastErrorAt() == null ? null : st.lastErrorAt().toString())
            .put("last_error", st.lastError())
            .put("newest_post_at", st.newestPostAt() == null ? null : st.newestPostAt().toString())
            .put("newest_post_url", st.newestPostUrl());
      }
      if (!up) out.put("reason", last == null ? "no successful crawl since the gateway started over 26 h ago"
          : "last successful crawl is older than 26 h");
      return out;
    });
  }
}
