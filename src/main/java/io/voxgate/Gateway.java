package io.voxgate;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import io.voxgate.channel.forum.ForumVerticle;
import io.voxgate.channel.phone.PhoneCalls;
import io.voxgate.channel.phone.PhoneJobsVerticle;
import io.voxgate.channel.phone.PhoneSources;
import io.voxgate.channel.email.MailboxPoller;
import io.voxgate.config.EmailOptions;
import io.voxgate.channel.letter.LetterVerticle;
import io.voxgate.config.GatewayConfig;
import io.voxgate.config.SourceConfig;
import io.voxgate.db.Database;
import io.voxgate.db.Migrations;
import io.voxgate.dispatch.DispatchServices;
import io.voxgate.dispatch.DispatcherVerticle;
import io.voxgate.http.HttpVerticle;
import io.voxgate.http.RateLimiter;
import io.voxgate.inbox.Role;
import io.voxgate.inbox.Tokens;
import io.voxgate.ops.OpsMetrics;
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.IntakeMeters;
import io.voxgate.ticket.Normaliser;
import io.voxgate.ticket.SourceActivity;
import io.voxgate.ticket.TicketRevisions;
import io.voxgate.ticket.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running gateway: one Vert.x instance, the database pool (migrated), and the HTTP verticles.
 * {@link Main} starts one from the command line; tests start several against one database.
 */
public final class Gateway {
  /** What every HTTP verticle instance shares; all of it is thread-safe. */
  public record Shared(GatewayConfig config, Pool pool, PrometheusMeterRegistry registry, SourceActivity activity,
                       Map<String, RateLimiter> limiters, Normaliser normaliser, OpsMetrics opsMetrics, Clock clock,
                       DispatchServices dispatch) {

    /**
     * A verticle's own intake path over the shared pool: its grouped commits take up to {@code batchMax}
     * tickets each, {@code commitsInFlight} at a time.
     */
    public Intake intake(Vertx vertx, int batchMax, int commitsInFlight) {
      TicketStore store = new TicketStore(pool, clock, config.deadlines().ack(), batchMax, commitsInFlight);
      return new Intake(normaliser, new BlobStore(vertx, config.dataDir()), store, new TicketRevisions(pool),
          new IntakeMeters(registry), activity, clock);
    }
  }

  private static final long OPS_REFRESH_MS = 10_000;
  private static final Duration PHONE_JOBS_TICK = Duration.ofSeconds(2);
  private final Vertx vertx;
  private final Shared shared;
  private final int port;

  private final DispatcherVerticle dispatcher;

  private Gateway(Vertx vertx, Shared shared, int port, DispatcherVerticle dispatcher) {
    this.vertx = vertx;
    this.shared = shared;
    this.port = port;
    this.dispatcher = dispatcher;
  }

  /** Starts with {@code config.database().url()} set (Main resolves the embedded database first). */
  public static Future<Gateway> start(GatewayConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** With the clock that deadlines, reminders and retries follow (tests drive it). */
  public static Future<Gateway> start(GatewayConfig config, Clock clock) {
    String url = config.database().url().orElseThrow(() -> new IllegalArgumentException("database url not resolved"));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Pool pool = Database.pool(vertx, url, config.database().poolSize(), config.database().acquireTimeout());
    DispatchServices dispatch;
    try {
      dispatch = DispatchServices.create(config, registry);
    } catch (IllegalStateException e) {
      vertx.close();
      return Future.failedFuture(e);
    }
    Shared shared = new Shared(config, pool, registry, new SourceActivity(), limiters(config, clock),
        Normaliser.standard(config.rules(), callbackSources(config)), new OpsMetrics(pool, registry, config.database().poolSize()), clock, dispatch);
    DispatcherVerticle dispatcher = new DispatcherVerticle(shared);
    HttpVerticle[] first = new HttpVerticle[1];
    return Migrations.migrate(pool)
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "database " + Database.describe(url) + ": " + err.getMessage(), err)))
        .compose(v -> vertx.deployVerticle(() -> {
          HttpVerticle h = new HttpVerticle(shared);
          if (first[0] == null) first[0] = h;
          return h;
        }, new DeploymentOptions().setInstances(config.server().effectiveInstances())))
        .compose(id -> vertx.deployVerticle(dispatcher))
        .compose(id -> vertx.deployVerticle(new ForumVerticle(shared)))
        .compose(id -> vertx.deployVerticle(phoneJobs(vertx, shared)))
        .compose(id -> deployMailboxes(vertx, shared))
        .compose(id -> vertx.deployVerticle(new LetterVerticle(shared)))
        .map(id -> {
          vertx.setPeriodic(OPS_REFRESH_MS, t -> shared.opsMetrics().refresh());
          return new Gateway(vertx, shared, first[0].actualPort(), dispatcher);
        })
        .onFailure(err -> vertx.close());
  }

  private static PhoneJobsVerticle phoneJobs(Vertx vertx, Shared shared) {
    PhoneCalls calls = new PhoneCalls(shared.pool(),
        e -> Future.failedFuture(new IllegalStateException("background jobs revise calls only")),
        new TicketRevisions(shared.pool()), shared.normaliser(), new BlobStore(vertx, shared.config().dataDir()),
        shared.clock());
    return new PhoneJobsVerticle(shared.pool(), calls, PhoneSources.options(shared.config()), PHONE_JOBS_TICK);
  }

  /** One poller per enabled IMAP mailbox; a mailbox that cannot be reached never stops the start. */
  private static Future<Void> deployMailboxes(Vertx vertx, Shared shared) {
    Future<Void> all = Future.succeededFuture();
    for (SourceConfig s : shared.config().sources()) {
      if (s.channel() != Channel.EMAIL) continue;
      var imap = EmailOptions.from(s.settings(), null).imap();
      if (imap.isEmpty() || !imap.get().enabled()) continue;
      all = all.compose(v -> vertx.deployVerticle(new MailboxPoller(shared, s)).mapEmpty());
    }
    return all;
  }

  private static java.util.Set<String> callbackSources(GatewayConfig config) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (SourceConfig s : config.sources()) if (s.callbackUrl().isPresent()) out.add(s.id());
    return out;
  }

  private static Map<String, RateLimiter> limiters(GatewayConfig config, Clock clock) {
    Map<String, RateLimiter> out = new HashMap<>();
    for (SourceConfig s : config.sources()) {
      if (s.channel() == Channel.WEBFORM) {
        out.put(s.id(), new RateLimiter(s.webform().ratePerWindow(), s.webform().rateWindow(), clock));
      }
    }
    return Map.copyOf(out);
  }

  /**
   * Makes sure an admin can log in: stores {@code VOXGATE_ADMIN_TOKEN} when given; otherwise, in
   * development only, creates one when none exists and returns it to be shown once.
   */
  public Future<Optional<String>> bootstrapAdmin(boolean development) {
    Tokens tokens = new Tokens(shared.pool());
    Optional<String> configured = shared.config().adminToken();
    if (configured.isPresent()) {
      return tokens.store("bootstrap-admin", Role.ADMIN, List.of(), configured.get()).map(v -> Optional.empty());
    }
    if (!development) return Future.succeededFuture(Optional.empty());
    return tokens.adminCount().compose(n -> {
      if (n > 0) return Future.succeededFuture(Optional.<String>empty());
      String secret = Tokens.newSecret();
      return tokens.store("dev-admin", Role.ADMIN, List.of(), secret).map(v -> Optional.of(secret));
    });
  }

  /** Runs a full dispatcher pass (new tickets, clocks, due messages) that starts after this call. */
  public Future<Void> dispatchNow() {
    return dispatcher.tickNow();
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Shared shared() {
    return shared;
  }

  /** Closes Vert.x, and with it the HTTP servers and the pool it owns. */
  public Future<Void> stop() {
    return vertx.close();
  }
}
