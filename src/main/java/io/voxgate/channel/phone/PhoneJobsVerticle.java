package io.voxgate.channel.phone;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.PhoneOptions;
import io.voxgate.config.Redact;
import io.voxgate.db.Sql;
import io.voxgate.ticket.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The phone channel's background work, deployed once per gateway: marks calls that rang past
 * their ring time as missed, and fetches queued recordings (woken by {@link PhoneRoutes#RECORDINGS_WAKEUP}
 * and every {@code tick}), retrying failures with doubling back-off until {@code retries} run out
 * (then the fetch is dead and the ticket's history says so). Several instances may run: fetches
 * are claimed with a lease, calls are locked per call. A failed round never stops the schedule.
 */
public final class PhoneJobsVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(PhoneJobsVerticle.class.getName());
  private static final int BATCH = 8;
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  private final Pool pool;
  private final PhoneCalls calls;
  private final Map<String, PhoneOptions> options;
  private final Duration tick;
  private RecordingFetcher fetcher;
  private boolean running;
  private boolean again;

  public PhoneJobsVerticle(Pool pool, PhoneCalls calls, Map<String, PhoneOptions> options, Duration tick) {
    this.pool = pool;
    this.calls = calls;
    this.options = options;
    this.tick = tick;
  }

  @Override
  public Future<?> start() {
    fetcher = new RecordingFetcher(WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setUserAgent("Voxgate recordings")));
    if (options.isEmpty()) return Future.succeededFuture();
    vertx.eventBus().consumer(PhoneRoutes.RECORDINGS_WAKEUP, m -> round());
    vertx.setPeriodic(tick.toMillis(), t -> round());
    return Future.succeededFuture();
  }

  /** One round; a wake-up during a round runs another right after it. */
  private void round() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    calls.markRingTimeouts(options::get, 100)
        .onFailure(err -> LOG.warning("phone ring timeouts: " + err.getMessage()))
        .transform(ar -> fetchDue())
        .onComplete(ar -> {
          if (ar.failed()) LOG.warning("phone recordings: " + ar.cause().getMessage());
          running = false;
          if (again) {
            again = false;
            round();
          }
        });
  }

  private Future<Void> fetchDue() {
    long lease = options.values().stream().mapToLong(o -> o.recordings().timeout().toSeconds()).max().orElse(30) + 60;
    return pool.preparedQuery(Sql.get("phone/claim_fetches")).execute(Tuple.of(BATCH, lease)).compose(rows -> {
      List<Future<Void>> all = new ArrayList<>();
      for (Row r : rows) all.add(fetchOne(r));
      return Future.join(all).mapEmpty();
    });
  }

  private Future<Void> fetchOne(Row r) {
    long id = r.getLong("id");
    String source = r.getString("source");
    String url = r.getString("url");
    int attempts = r.getInteger("attempts");
    PhoneOptions opt = options.get(source);
    if (opt == null) return failed(r, "source " + source + " is no longer configured", true);
    return fetcher.fetch(url, opt.recordings())
        .compose(a -> calls.attachRecording(source, opt, r.getString("call_id"), url, a))
        .compose(v -> pool.preparedQuery(Sql.get("phone/fetch_done")).execute(Tuple.of(id)).<Void>mapEmpty())
        .recover(err -> {
          boolean dead = err instanceof RecordingFetcher.Refused || attempts > opt.recordings().retries();
          String why = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
          LOG.info(source + " recording " + Redact.url(url) + " attempt " + attempts
              + (dead ? " failed for good: " : " failed: ") + why);
          return failed(r, why, dead);
        });
  }

  private Future<Void> failed(Row r, String why, boolean dead) {
    PhoneOptions opt = options.get(r.getString("source"));
    Duration base = opt == null ? Duration.ofSeconds(30) : opt.recordings().retryAfter();
    Duration wait = base.multipliedBy(1L << Math.min(20, r.getInteger("attempts") - 1));
    if (wait.compareTo(MAX_BACKOFF) > 0) wait = MAX_BACKOFF;
    Instant now = Instant.now();
    Instant next = now.plus(wait);
    Future<Void> marked = pool.preparedQuery(Sql.get("phone/fetch_failed"))
        .execute(Tuple.of(r.getLong("id"), why, dead, next.atOffset(ZoneOffset.UTC))).mapEmpty();
    if (r.getUUID("ticket_id") == null) return marked;
    // agents see on the ticket why its recording is late (retry) or missing (failed)
    JsonObject data = new JsonObject().put("url", r.getString("url")).put("attempts", r.getInteger("attempts"))
        .put("error", why);
    if (!dead) data.put("next_attempt_at", next.toString());
    return marked.compose(v -> calls.revisions().addTimeline(r.getUUID("ticket_id"), List.of(new TimelineEntry(
        now, dead ? "call_recording_failed" : "call_recording_retry", CallTickets.ACTOR, data))));
  }
}
