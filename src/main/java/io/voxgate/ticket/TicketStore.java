package io.voxgate.ticket;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.DbErrors;
import io.voxgate.db.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stores normalised events durably. {@link #accept} completes only after the transaction that
 * wrote the ticket, its raw input, attachments, 'received' timeline entry and acknowledgement
 * outbox row has committed. A re-delivery (same source and external id) yields the existing
 * ticket and writes nothing.
 *
 * <p>Concurrent intakes are grouped: while a commit is under way new events queue, and the next
 * transaction takes them all (up to {@code batchMax}). One instance belongs to one event loop.
 */
public final class TicketStore {
  private final Pool pool;
  private final Clock clock;
  private final Duration ackDeadline;
  private final int batchMax;
  private final int maxInFlight;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  private record Pending(TicketEvent event, Promise<Accepted> promise) {
  }

  private static final Comparator<Pending> BY_NATURAL_KEY = Comparator.<Pending, String>comparing(p -> p.event().source())
      .thenComparing(p -> p.event().externalId());

  public TicketStore(Pool pool, Clock clock, Duration ackDeadline, int batchMax, int maxInFlight) {
    this.pool = pool;
    this.clock = clock;
    this.ackDeadline = ackDeadline;
    this.batchMax = batchMax;
    this.maxInFlight = maxInFlight;
  }

  public Future<Accepted> accept(TicketEvent event) {
    Promise<Accepted> p = Promise.promise();
    queue.add(new Pending(event, p));
    if (inFlight < maxInFlight) flush();
    return p.future();
  }

  private void flush() {
    if (queue.isEmpty()) return;
    List<Pending> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < batchMax) batch.add(queue.poll());
    // one order for every batch: two batches inserting the same natural keys (e.g. two events of
    // one call at once) then wait for each other instead of deadlocking
    batch.sort(BY_NATURAL_KEY);
    inFlight++;
    write(batch).onComplete(ar -> {
      if (ar.succeeded()) {
        for (int i = 0; i < batch.size(); i++) batch.get(i).promise().complete(ar.result().get(i));
        done();
      } else if (batch.size() > 1 && DbErrors.dataError(ar.cause())) {
        // one event's data was refused: the others of its group must not fail with it
        writeEach(batch, 0);
      } else {
        batch.forEach(p -> p.promise().fail(ar.cause()));
        done();
      }
    });
  }

  private void writeEach(List<Pending> batch, int i) {
    if (i == batch.size()) {
      done();
      return;
    }
    Pending p = batch.get(i);
    write(List.of(p)).onComplete(ar -> {
      if (ar.succeeded()) p.promise().complete(ar.result().get(0));
      else p.promise().fail(ar.cause());
      writeEach(batch, i + 1);
    });
  }

  private void done() {
    inFlight--;
    flush();
  }

  private Future<List<Accepted>> write(List<Pending> batch) {
    Instant now = clock.instant();
    LocalDate day = TicketNumbers.day(now);
    return pool.preparedQuery(Sql.get("ticket/reserve_numbers")).execute(Tuple.of(day, batch.size()))
        .map(rows -> rows.iterator().next().getLong(0) - batch.size() + 1)
        .compose(first -> pool.withTransaction(conn -> insert(conn, batch, day, first)));
  }

  private Future<List<Accepted>> insert(SqlConnection conn, List<Pending> batch, LocalDate day, long first) {
    List<Tuple> rows = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      rows.add(acceptTuple(batch.get(i).event(), TicketNumbers.format(day, first + i)));
    }
    return conn.preparedQuery(Sql.get("ticket/accept_ticket")).executeBatch(rows)
        .compose(result -> {
          List<Accepted> out = new ArrayList<>(batch.size());
          List<Integer> existing = new ArrayList<>();
          RowSet<Row> rs = result;
          for (int i = 0; i < batch.size(); i++, rs = rs.next()) {
            if (rs.size() == 1) {
              out.add(accepted(rs.iterator().next(), true));
            } else {
              out.add(null);
              existing.add(i);
            }
          }
          Future<Void> notified = existing.size() < batch.size()
              ? conn.query("NOTIFY voxgate_outbox").execute().mapEmpty() : Future.succeededFuture();
          return notified.compose(v -> fillExisting(conn, batch, existing, out));
        });
  }

  private Future<List<Accepted>> fillExisting(SqlConnection conn, List<Pending> batch, List<Integer> existing,
                                              List<Accepted> out) {
    if (existing.isEmpty()) return Future.succeededFuture(out);
    List<Tuple> keys = existing.stream()
        .map(i -> Tuple.of(batch.get(i).event().source(), batch.get(i).event().externalId())).toList();
    return conn.preparedQuery(Sql.get("ticket/find_by_natural_key")).executeBatch(keys).map(result -> {
      RowSet<Row> rs = result;
      for (int i : existing) {
        out.set(i, accepted(rs.iterator().next(), false));
        rs = rs.next();
      }
      return out;
    });
  }

  private Tuple acceptTuple(TicketEvent e, String number) {
    JsonArray files = new JsonArray();
    for (Attachment a : e.attachments()) {
      files.add(new JsonObject().put("id", Uuid7.next().toString()).put("filename", a.filename())
          .put("media_type", a.mediaType()).put("size", a.size()).put("sha256", a.sha256()));
    }
    JsonObject received = new JsonObject()
        .put("source", e.source())
        .put("external_id", e.externalId())
        .put("kind", e.kind().wire())
        .put("severity", e.severity().wire())
        .put("department", e.department())
        .put("matched", new JsonArray(new ArrayList<>(e.matched())));
    String ackState = e.ack().suppressed() ? "suppressed" : "postal".equals(e.ack().via()) ? "postal" : "pending";
    String outboxState = e.ack().suppressed() ? "suppressed" : "pending";
    byte[] raw = e.raw() == null ? new byte[0] : e.raw().bytes();
    Customer c = e.customer();
    return Tuple.from(new Object[] {
        Uuid7.next(), number, e.kind().wire(), e.channel().wire(), e.source(), e.externalId(),
        e.receivedAt().atOffset(ZoneOffset.UTC),
        c.name(), c.phone(), c.email(), c.address(),
        e.language(), e.subject(), e.body(), e.bodyHtml(), e.category().wire(), e.severity().wire(),
        e.claimAmount() == null ? null : io.vertx.sqlclient.data.Numeric.create(e.claimAmount()),
        e.department(), ackState, e.flags().toArray(String[]::new), e.matched().toArray(String[]::new),
        SearchGrams.of(e.text()),
        e.raw() == null ? null : e.raw().contentType(), Hashes.sha256Hex(raw), Buffer.buffer(raw),
        files, received,
        (e.ack().via() == null ? List.of("none") : e.ack().ways()).toArray(String[]::new), outboxState,
        e.ack().suppressedReason(),
        e.receivedAt().plus(ackDeadline).atOffset(ZoneOffset.UTC), clocks(e)});
  }

  private static JsonArray clocks(TicketEvent e) {
    JsonArray out = new JsonArray();
    for (ClockStart c : e.clocks()) out.add(new JsonObject().put("clock", c.clock()).put("due", c.due().toString()));
    return out;
  }

  private static Accepted accepted(Row r, boolean created) {
    return new Accepted(r.getUUID("id"), r.getString("number"), r.getString("status"), created);
  }
}
