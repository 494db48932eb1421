package io.voxgate.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Applies {@code db/migration/V###__name.sql} in order, each in its own transaction, under a
 * PostgreSQL advisory lock so several gateways starting together migrate once. Files are
 * listed in {@code db/migration/index.txt}; a released file is never edited.
 */
public final class Migrations {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());
  private static final long LOCK_KEY = 0x766f78676174L; // "voxgat"

  private Migrations() {
  }

  public static List<String> files() {
    return Arrays.stream(Sql.resource("db/migration/index.txt").split("\n"))
        .map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
  }

  public static int latestVersion() {
    List<String> f = files();
    return version(f.get(f.size() - 1));
  }

  static int version(String file) {
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  public static Future<Integer> migrate(Pool pool) {
    return pool.withConnection(conn -> conn.query("SELECT pg_advisory_lock(" + LOCK_KEY + ")").execute()
        .compose(v -> applyPending(conn))
        .eventually(() -> conn.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").execute()));
  }

  private static Future<Integer> applyPending(SqlConnection conn) {
    return conn.query("SELECT to_regclass('schema_migrations') IS NOT NULL").execute()
        .compose(rows -> rows.iterator().next().getBoolean(0) ? Future.succeededFuture() : conn.query(
            "CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now())").execute().mapEmpty())
        .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM schema_migrations").execute())
        .compose(rows -> {
          int current = rows.iterator().next().getInteger(0);
          Future<Integer> chain = Future.succeededFuture(current);
          for (String file : files()) {
            int version = version(file);
            if (version <= current) continue;
            chain = chain.compose(done -> apply(conn, version, file));
          }
          return chain;
        });
  }

  private static Future<Integer> apply(SqlConnection conn, int version, String file) {
    String sql = Sql.resource("db/migration/" + file);
    return conn.begin().compose(tx -> conn.query(sql).execute()
        .compose(v -> conn.preparedQuery("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
            .execute(Tuple.of(version, file)))
        .compose(v -> tx.commit())
        .onFailure(err -> tx.rollback())
        .map(v -> {
          LOG.info("applied migration " + file);
          return version;
        }));
  }

  /** The version the database is at, 0 when none. */
  public static Future<Integer> currentVersion(Pool pool) {
    return pool.query("SELECT coalesce(max(version), 0) FROM schema_migrations").execute()
        .map(rows -> {
          Row r = rows.iterator().next();
          return r.getInteger(0);
        });
  }
}
