package io.voxgate.channel.forum;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.voxgate.Gateway;
import io.voxgate.config.ForumOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.Uuid7;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Crawls the forum sources: each enabled one on its schedule, and any one on demand through the
 * event-bus address {@value #ADDRESS} ({@code {"source"}} → {@code {"crawl_id"}}, or failure 409
 * when it is disabled or already crawling here). Across gateway instances a forum is crawled under
 * its advisory lock; a crawl that finds the lock taken is recorded as {@code skipped}. A failed
 * crawl never stops the schedule. Deployed once per gateway.
 */
public final class ForumVerticle extends VerticleBase {
  public static final String ADDRESS = "voxgate.forum.crawl";
  private static final Duration FIRST_DELAY = Duration.ofSeconds(5);
  private static final Logger LOG = Logger.getLogger(ForumVerticle.class.getName());
  private final Gateway.Shared shared;
  private final Set<String> running = new HashSet<>();
  private ForumStore store;
  private ForumFetcher fetcher;
  private ForumCrawler crawler;
  private ForumMeters meters;

  public ForumVerticle(Gateway.Shared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    var config = shared.config();
    store = new ForumStore(shared.pool());
    fetcher = new ForumFetcher(vertx);
    Intake intake = shared.intake(vertx, config.intake().batchMax(), 1);
    meters = new ForumMeters(shared.registry());
    crawler = new ForumCrawler(vertx, fetcher, store, intake, shared.clock(), meters);
    forums().forEach(s -> meters.register(s.id()));
    vertx.eventBus().<JsonObject>consumer(ADDRESS, this::onDemand);
    return store.states().onSuccess(states -> forums().stream().filter(s -> s.forum().enabled()).forEach(s -> {
      ForumStore.State st = states.get(s.id());
      schedule(s, firstDelay(s.forum(), st == null ? null : st.lastSuccessAt()));
    }));
  }

  private List<SourceConfig> forums() {
    return shared.config().sources().stream().filter(s -> s.forum() != null).toList();
  }

  private void onDemand(Message<JsonObject> msg) {
    String id = msg.body().getString("source");
    SourceConfig s = forums().stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
    if (s == null) {
      msg.fail(404, "no forum " + id);
    } else if (!s.forum().enabled()) {
      msg.fail(409, "forum " + id + " is disabled (enabled: false in " + s.file() + ")");
    } else if (running.contains(id)) {
      msg.fail(409, "forum " + id + " is being crawled now");
    } else {
      UUID crawlId = Uuid7.next();
      run(s, crawlId, "admin");
      msg.reply(new JsonObject().put("crawl_id", crawlId.toString()));
    }
  }

  private void schedule(SourceConfig s, Duration delay) {
    vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
      Future<?> done = running.contains(s.id()) ? Future.succeededFuture() : run(s, Uuid7.next(), "schedule");
      done.onComplete(ar -> schedule(s, nextDelay(s.forum(), shared.clock().instant())));
    });
  }

  /** Runs one crawl; the future completes when it is recorded, and never fails. */
  Future<Void> run(SourceConfig s, UUID crawlId, String trigger) {
    running.add(s.id());
    Instant started = shared.clock().instant();
    return store.underLock(s.id(), () -> store.startCrawl(crawlId, s.id(), trigger, "running", started)
            .compose(v -> crawler.crawl(s))
            .compose(stats -> record(s, crawlId, stats)).map(true))
        .compose(done -> done.isPresent() ? Future.<Void>succeededFuture()
            : store.startCrawl(crawlId, s.id(), trigger, "running", started)
                .compose(v -> store.finishCrawl(crawlId, "skipped", shared.clock().instant(), skipped())))
        .recover(err -> {
          LOG.log(java.util.logging.Level.WARNING, "forum " + s.id() + ": crawl " + crawlId + " could not run: " + err, err);
          return store.recordError(s.id(), shared.clock().instant(), err.getMessage()).recover(e -> Future.succeededFuture());
        })
        .onComplete(ar -> running.remove(s.id()));
  }

  private Future<Void> record(SourceConfig s, UUID crawlId, CrawlStats stats) {
    Instant now = shared.clock().instant();
    String status = stats.failed() ? "failed" : "succeeded";
    meters.timing(s.id(), stats);
    LOG.info(() -> "forum " + s.id() + ": crawl " + crawlId + " " + status + ": " + stats.pages() + " pages, "
        + stats.posts() + " posts, " + stats.tickets() + " tickets, " + stats.errors() + " errors");
    Future<Void> state = stats.failed()
        ? store.recordError(s.id(), now, String.join("; ", stats.messages()))
        : store.recordSuccess(s.id(), stats.newestAt, stats.newestUrl, now);
    if (stats.failed()) shared.activity().error(s.id(), now, String.join("; ", stats.messages()));
    return state.compose(v -> store.finishCrawl(crawlId, status, now, stats));
  }

  private static CrawlStats skipped() {
    CrawlStats s = new CrawlStats();
    s.messages.add("another gateway instance is crawling this forum");
    return s;
  }

  private Duration firstDelay(ForumOptions o, Instant lastSuccess) {
    Instant now = shared.clock().instant();
    if (o.schedule().interval() == null) return nextDelay(o, now);
    if (lastSuccess == null) return FIRST_DELAY;
    Duration left = Duration.between(now, lastSuccess.plus(o.schedule().interval()));
    return left.compareTo(FIRST_DELAY) < 0 ? FIRST_DELAY : left;
  }

  /** Until the next run: the interval, or the next occurrence of the daily time in the source's zone. */
  static Duration nextDelay(ForumOptions o, Instant now) {
    if (o.schedule().interval() != null) return o.schedule().interval();
    ZonedDateTime here = now.atZone(o.zone());
    ZonedDateTime next = here.toLocalDate().atTime(o.schedule().daily()).atZone(o.zone());
    if (!next.isAfter(here)) next = next.plusDays(1);
    return Duration.between(now, next.toInstant());
  }

  @Override
  public Future<?> stop() {
    return fetcher.close();
  }

}
