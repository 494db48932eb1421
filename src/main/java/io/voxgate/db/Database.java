package io.voxgate.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the one connection pool every part of the gateway shares. */
public final class Database {
  private Database() {
  }

  public static PgConnectOptions connectOptions(String url) {
    return PgConnectOptions.fromUri(url)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  /** host:port/database, without user or password: for messages. */
  public static String describe(String url) {
    PgConnectOptions o = connectOptions(url);
    return o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  public static Pool pool(Vertx vertx, String url, int size, Duration acquireTimeout) {
    PoolOptions options = new PoolOptions()
        .setMaxSize(size)
        .setName("voxgate")
        .setShared(false)
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout((int) acquireTimeout.toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    // a short connect timeout lets intake answer 503 quickly while the database is down
    return PgBuilder.pool().with(options).with(new NetClientOptions().setConnectTimeout(3_000))
        .connectingTo(connectOptions(url)).using(vertx).build();
  }
}
