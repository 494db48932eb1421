package io.voxgate.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.voxgate.db.Sql;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the database on a timer: the acknowledgement backlog and the age of its oldest
 * row ({@code voxgate_outbox_backlog}, {@code voxgate_outbox_oldest_pending_seconds}), and the
 * configured pool size ({@code voxgate_db_pool_max}).
 */
public final class OpsMetrics {
  private final Pool pool;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestSeconds = new AtomicLong();
  private final AtomicLong dead = new AtomicLong();

  public OpsMetrics(Pool pool, MeterRegistry registry, int poolMax) {
    this.pool = pool;
    Gauge.builder("voxgate.outbox.backlog", backlog, AtomicLong::get)
        .description("Acknowledgements waiting to be sent").register(registry);
    Gauge.builder("voxgate.outbox.oldest.pending.seconds", oldestSeconds, AtomicLong::get)
        .description("Age of the oldest unsent acknowledgement").register(registry);
    Gauge.builder("voxgate.outbox.dead", dead, AtomicLong::get)
        .description("Acknowledgements that ran out of retries").register(registry);
    Gauge.builder("voxgate.db.pool.max", () -> poolMax).description("Configured database pool size").register(registry);
  }

  public Future<Row> refresh() {
    return pool.preparedQuery(Sql.get("ops/outbox_backlog")).execute().map(rows -> {
      Row r = rows.iterator().next();
      backlog.set(r.getLong("pending"));
      dead.set(r.getLong("dead"));
      oldestSeconds.set(r.getNumeric("oldest_seconds").longValue());
      return r;
    });
  }
}
