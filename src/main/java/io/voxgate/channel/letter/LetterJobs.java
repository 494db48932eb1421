package io.voxgate.channel.letter;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The letters still to be read, as the database sees them: tickets flagged {@code processing},
 * claimed under a lease in {@code letter_jobs} so that one instance reads each.
 */
public final class LetterJobs {
  private final Pool pool;

  public LetterJobs(Pool pool) {
    this.pool = pool;
  }

  /** A claimed letter: its ticket, its scans in upload order, and the attempt number. */
  public record Claimed(UUID id, int attempt, LetterEvents.Stored ticket, List<Scan> scans) {
  }

  public record Scan(String filename, String mediaType, String sha256) {
  }

  public Future<List<UUID>> pending(int limit) {
    return pool.preparedQuery(Sql.get("letter/list_pending")).execute(Tuple.of(limit)).map(rows -> {
      List<UUID> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getUUID("id")));
      return ids;
    });
  }

  /** The letter when this instance got it; empty when it is done or another instance holds it. */
  public Future<Optional<Claimed>> claim(UUID id, String instance, long leaseMillis) {
    return pool.preparedQuery(Sql.get("letter/claim_job")).execute(Tuple.of(id, instance, leaseMillis))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<Claimed>empty());
          int attempt = rows.iterator().next().getInteger("attempts");
          return load(id).map(c -> Optional.of(new Claimed(id, attempt, c.ticket(), c.scans())));
        });
  }

  private Future<Claimed> load(UUID id) {
    Future<Row> ticket = pool.preparedQuery(Sql.get("letter/get_letter")).execute(Tuple.of(id))
        .map(rows -> rows.iterator().next());
    Future<List<Scan>> scans = pool.preparedQuery(Sql.get("letter/list_scans")).execute(Tuple.of(id)).map(rows -> {
      List<Scan> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Scan(r.getString("filename"), r.getString("media_type"), r.getString("sha256"))));
      return out;
    });
    return Future.all(ticket, scans).map(v -> {
      Row r = ticket.result();
      JsonObject meta = r.getString("metadata") == null ? new JsonObject() : new JsonObject(r.getString("metadata"));
      List<String> order = new ArrayList<>();
      JsonArray files = meta.getJsonArray("files", new JsonArray());
      for (int i = 0; i < files.size(); i++) order.add(files.getJsonObject(i).getString("sha256"));
      List<Scan> sorted = new ArrayList<>(scans.result());
      sorted.sort(Comparator.comparingInt(s -> order.indexOf(s.sha256()) < 0 ? Integer.MAX_VALUE : order.indexOf(s.sha256())));
      LetterEvents.Stored stored = new LetterEvents.Stored(r.getString("source"), r.getString("external_id"),
          r.getOffsetDateTime("received_at").toInstant(), r.getString("customer_name"), r.getString("customer_address"),
          meta.getString("note"), sorted.stream().map(Scan::filename).toList());
      return new Claimed(id, 0, stored, sorted);
    });
  }

  /** The SHA-256 of every scan stored with the ticket. */
  public Future<List<String>> scanHashes(UUID id) {
    return pool.preparedQuery(Sql.get("letter/list_scans")).execute(Tuple.of(id)).map(rows -> {
      List<String> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getString("sha256")));
      return out;
    });
  }

  public Future<Void> finish(UUID id) {
    return pool.preparedQuery(Sql.get("letter/finish_job")).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> retryLater(UUID id, long delayMillis, String error) {
    String e = error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error;
    return pool.preparedQuery(Sql.get("letter/retry_job")).execute(Tuple.of(id, delayMillis, e)).mapEmpty();
  }

  /** "processing" while the letter is being read, else the ticket's status; empty when there is no such ticket. */
  public Future<Optional<String>> state(UUID id) {
    return pool.preparedQuery(Sql.get("letter/get_state")).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      return Optional.of(Boolean.TRUE.equals(r.getBoolean("processing")) ? LetterEvents.PROCESSING : r.getString("status"));
    });
  }
}
