package io.voxgate.dispatch;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Small helpers for the dispatcher's SQL files. */
final class Statements {
  private Statements() {
  }

  static Future<Void> exec(SqlConnection conn, String sql, Tuple args) {
    return conn.preparedQuery(Sql.get(sql)).execute(args).mapEmpty();
  }

  static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    if (rows.isEmpty()) return Future.succeededFuture();
    return conn.preparedQuery(Sql.get(sql)).executeBatch(rows).mapEmpty();
  }

  static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
