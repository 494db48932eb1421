package io.voxgate.ops;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.voxgate.http.Responses.json;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.sqlclient.Pool;
import io.voxgate.config.SourceConfig;
import io.voxgate.db.Migrations;
import io.voxgate.db.Sql;
import io.voxgate.ticket.SourceActivity;
import io.vertx.core.Future;
import io.voxgate.ticket.Channel;
import java.util.List;
import java.util.Map;
import io.vertx.core.Handler;
import java.util.function.Function;

/**
 * {@code /health/live} (the process answers), {@code /health/ready} (200 or 503 with a check per
 * part: database, migrations, outbox, each source) and {@code /metrics} (Prometheus text).
 */
public final class HealthRoutes {
  private static final long CHECK_TIMEOUT_MS = 3_000;
  private final Pool pool;
  private final List<SourceConfig> sources;
  private final SourceActivity activity;
  private final OpsMetrics opsMetrics;
  private final PrometheusMeterRegistry registry;
  private final Map<Channel, Function<SourceConfig, Future<JsonObject>>> channelChecks;

  private final Map<String, Handler<Promise<Status>>> extraChecks;

  public HealthRoutes(Pool pool, List<SourceConfig> sources, SourceActivity activity, OpsMetrics opsMetrics,
                      PrometheusMeterRegistry registry) {
    this(pool, sources, activity, opsMetrics, registry, Map.of(), Map.of());
  }

  /**
   * @param extraChecks   more readiness checks (e.g. smtp, calendar); {@code data.degraded} marks a warning
   * @param channelChecks a channel's own readiness check per source (e.g. a crawler's last success):
   *                      its details are reported and {@code "up": false} makes the gateway unready
   */
  public HealthRoutes(Pool pool, List<SourceConfig> sources, SourceActivity activity, OpsMetrics opsMetrics,
                      PrometheusMeterRegistry registry, Map<String, Handler<Promise<Status>>> extraChecks,
                      Map<Channel, Function<SourceConfig, Future<JsonObject>>> channelChecks) {
    this.extraChecks = extraChecks;
    this.channelChecks = channelChecks;
    this.pool = pool;
    this.sources = sources;
    this.activity = activity;
    this.opsMetrics = opsMetrics;
    this.registry = registry;
  }

  public Router router(Vertx vertx) {
    HealthChecks ready = HealthChecks.create(vertx)
        .register("database", CHECK_TIMEOUT_MS, this::database)
        .register("migrations", CHECK_TIMEOUT_MS, this::migrations)
        .register("outbox", CHECK_TIMEOUT_MS, this::outbox);
    for (SourceConfig s : sources) ready.register("source:" + s.id(), CHECK_TIMEOUT_MS, p -> source(s, p));
    extraChecks.forEach((name, check) -> ready.register(name, CHECK_TIMEOUT_MS, check));

    Router r = Router.router(vertx);
    r.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    r.get("/health/ready").handler(ctx -> ready.checkStatus().onComplete(ar -> {
      if (ar.failed()) {
        json(ctx, 503, new JsonObject().put("status", "DOWN").put("error", ar.cause().getMessage()));
      } else {
        json(ctx, ar.result().getUp() ? 200 : 503, withDegraded(ar.result().toJson()));
      }
    }));
    r.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    return r;
  }

  /** Top-level {@code degraded: true} when a check is up but warns (still 200). */
  private static JsonObject withDegraded(JsonObject body) {
    var checks = body.getJsonArray("checks");
    boolean degraded = checks != null && checks.stream().anyMatch(c -> c instanceof JsonObject o
        && o.getJsonObject("data") != null && o.getJsonObject("data").getBoolean("degraded", false));
    return body.put("degraded", degraded);
  }

  private void database(Promise<Status> p) {
    long start = System.nanoTime();
    pool.query(Sql.get("ops/ping")).execute()
        .onSuccess(v -> p.complete(Status.OK(new JsonObject().put("latency_ms", (System.nanoTime() - start) / 1_000_000))))
        .onFailure(e -> p.complete(Status.KO(new JsonObject().put("error", e.getMessage()))));
  }

  private void migrations(Promise<Status> p) {
    int expected = Migrations.latestVersion();
    Migrations.currentVersion(pool)
        .onSuccess(v -> {
          JsonObject data = new JsonObject().put("applied", v).put("expected", expected);
          p.complete(v >= expected ? Status.OK(data) : Status.KO(data));
        })
        .onFailure(e -> p.complete(Status.KO(new JsonObject().put("error", e.getMessage()))));
  }

  private void outbox(Promise<Status> p) {
    opsMetrics.refresh()
        .onSuccess(r -> p.complete(Status.OK(new JsonObject().put("pending", r.getLong("pending"))
            .put("dead", r.getLong("dead"))
            .put("oldest_pending_seconds", r.getNumeric("oldest_seconds").longValue()))))
        .onFailure(e -> p.complete(Status.KO(new JsonObject().put("error", e.getMessage()))));
  }

  /** Webhook sources report their last success and error; a sender's mistakes do not make us unready. */
  private void source(SourceConfig s, Promise<Status> p) {
    Function<SourceConfig, Future<JsonObject>> own = channelChecks.get(s.channel());
    if (own != null) {
      own.apply(s)
          .onSuccess(d -> p.complete(d.getBoolean("up", true) ? Status.OK(d) : Status.KO(d)))
          .onFailure(e -> p.complete(Status.KO(new JsonObject().put("error", e.getMessage()))));
      return;
    }
    JsonObject data = new JsonObject().put("channel", s.channel().wire());
    activity.of(s.id()).ifPresent(st -> data
        .put("last_success", st.lastSuccess() == null ? null : st.lastSuccess().toString())
        .put("last_error_at", st.lastErrorAt() == null ? null : st.lastErrorAt().toString())
        .put("last_error", st.lastError())
        .put("accepted", st.accepted()));
    var mailbox = registry.find("voxgate.mailbox.unprocessed").tag("source", s.id()).gauge();
    if (mailbox != null) data.put("mailbox_unprocessed", (long) mailbox.value()); // -1 before the first poll
    p.complete(Status.OK(data));
  }
}
