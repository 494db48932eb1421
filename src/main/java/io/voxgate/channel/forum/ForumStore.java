package io.voxgate.channel.forum;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** The crawler's tables: posts seen, per-forum state, crawl runs, and the one-crawler-per-forum lock. */
public final class ForumStore {
  /** A post already seen: its content hash and ticket (null when it did not match). */
  public record Known(String hash, UUID ticketId) {
  }

  /** A forum's progress as recorded by any gateway instance. */
  public record State(Instant newestPostAt, String newestPostUrl, Instant lastSuccessAt, Instant lastErrorAt,
                      String lastError) {
  }

  private final Pool pool;

  public ForumStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Map<String, Known>> known(String source, List<String> urls) {
    return pool.preparedQuery(Sql.get("forum/find_posts")).execute(Tuple.tuple().addString(source).addArrayOfString(urls.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Known> out = new HashMap<>();
          for (Row r : rows) out.put(r.getString("url"), new Known(r.getString("content_hash"), r.getUUID("ticket_id")));
          return out;
        });
  }

  /** A post as it is to be remembered; {@code ticketId} null keeps the one already recorded. */
  public record Seen(String url, String hash, List<String> matched, UUID ticketId, Instant postedAt) {
  }

  /** Remembers a page's posts in one batch. */
  public Future<Void> savePosts(String source, List<Seen> posts, Instant now) {
    if (posts.isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = posts.stream().map(p -> Tuple.from(new Object[] {
        source, p.url(), p.hash(), p.matched().toArray(String[]::new), p.ticketId(), utc(p.postedAt()), utc(now)})).toList();
    return pool.preparedQuery(Sql.get("forum/upsert_post")).executeBatch(rows).mapEmpty();
  }

  public Future<Void> startCrawl(UUID id, String source, String trigger, String status, Instant at) {
    return pool.preparedQuery(Sql.get("forum/insert_crawl")).execute(Tuple.of(id, source, trigger, status, utc(at)))
        .mapEmpty();
  }

  public Future<Void> finishCrawl(UUID id, String status, Instant at, CrawlStats s) {
    return pool.preparedQuery(Sql.get("forum/finish_crawl")).execute(Tuple.from(new Object[] {
        id, status, utc(at), s.pages, s.posts, s.tickets, s.edited, s.errors,
        s.messages.toArray(String[]::new)})).mapEmpty();
  }

  /** Whether the last finished crawl of the forum failed: pages behind its error were never read. */
  public Future<Boolean> lastCrawlFailed(String source) {
    return pool.preparedQuery(Sql.get("forum/last_crawl_failed")).execute(Tuple.of(source))
        .map(rows -> rows.iterator().next().getBoolean("failed"));
  }

  public Future<JsonArray> crawls(String source, int limit) {
    return pool.preparedQuery(Sql.get("forum/list_crawls")).execute(Tuple.of(source, limit)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("id", r.getUUID("id").toString()).put("trigger", r.getString("trigger"))
            .put("status", r.getString("status"))
            .put("started_at", text(r.getOffsetDateTime("started_at")))
            .put("ended_at", text(r.getOffsetDateTime("ended_at")))
            .put("pages_fetched", r.getInteger("pages_fetched")).put("posts_seen", r.getInteger("posts_seen"))
            .put("tickets_created", r.getInteger("tickets_created")).put("posts_edited", r.getInteger("posts_edited"))
            .put("errors", r.getInteger("errors"))
            .put("error_messages", new JsonArray(List.of(r.getArrayOfStrings("error_messages")))));
      }
      return out;
    });
  }

  public Future<Void> recordSuccess(String source, Instant newestAt, String newestUrl, Instant at) {
    return pool.preparedQuery(Sql.get("forum/record_success"))
        .execute(Tuple.of(source, utc(newestAt), newestUrl, utc(at))).mapEmpty();
  }

  public Future<Void> recordError(String source, Instant at, String message) {
    return pool.preparedQuery(Sql.get("forum/record_error")).execute(Tuple.of(source, utc(at), message)).mapEmpty();
  }

  public Future<Map<String, State>> states() {
    return pool.query(Sql.get("forum/list_states")).execute().map(rows -> {
      Map<String, State> out = new HashMap<>();
      for (Row r : rows) {
        out.put(r.getString("source"), new State(instant(r.getOffsetDateTime("newest_post_at")),
            r.getString("newest_post_url"), instant(r.getOffsetDateTime("last_success_at")),
            instant(r.getOffsetDateTime("last_error_at")), r.getString("last_error")));
      }
      return out;
    });
  }

  /**
   * Runs {@code work} holding the forum's advisory lock on a dedicated connection, so that one
   * gateway instance crawls a forum at a time; empty when another instance holds it. {@code work}
   * must not complete with null.
   */
  public <T> Future<Optional<T>> underLock(String source, Supplier<Future<T>> work) {
    return pool.getConnection().compose(conn -> conn.preparedQuery(Sql.get("forum/try_lock")).execute(Tuple.of(source))
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean(0)) return Future.succeededFuture(Optional.<T>empty());
          return work.get().map(Optional::of)
              .eventually(() -> unlock(conn, source));
        })
        .eventually(conn::close));
  }

  private static Future<Void> unlock(SqlConnection conn, String source) {
    return conn.preparedQuery(Sql.get("forum/unlock")).execute(Tuple.of(source)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
