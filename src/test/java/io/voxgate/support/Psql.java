package io.voxgate.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Blocking SQL for test set-up and assertions, straight to the database (not through the gateway). */
public final class Psql {
  private static final Vertx VERTX = Vertx.vertx();

  private Psql() {
  }

  public static List<Row> query(String url, String sql, Object... args) {
    try {
      PgConnection conn = PgConnection.connect(VERTX, Database.connectOptions(url)).await(30, TimeUnit.SECONDS);
      try {
        RowSet<Row> rows = args.length == 0 ? conn.query(sql).execute().await(120, TimeUnit.SECONDS)
            : conn.preparedQuery(sql).execute(Tuple.from(args)).await(120, TimeUnit.SECONDS);
        List<Row> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
      } finally {
        conn.close().await(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static void exec(String url, String sql) {
    query(url, sql);
  }

  public static long count(String url, String sql, Object... args) {
    return query(url, sql, args).get(0).getLong(0);
  }
}
