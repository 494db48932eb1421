package io.voxgate.ticket;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import io.voxgate.db.Sql;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

/**
 * Changes to a ticket after intake, for channels whose input arrives in parts: the events of one
 * call, the OCR text of a letter, a customer's reply mail, an edited forum post. Each revision is
 * one transaction: the ticket row (locked), the raw input, attachments, timeline entries and
 * clocks; an acknowledgement {@linkplain AckPlan#held() held} at intake is planned from the new
 * content. Callers pass events that have been through the {@link Normaliser}.
 */
public final class TicketRevisions {
  private final Pool pool;

  public TicketRevisions(Pool pool) {
    this.pool = pool;
  }

  /** Replaces the content of ticket {@code id} with {@code event}'s and appends {@code entries}. */
  public Future<Accepted> revise(UUID id, TicketEvent event, List<TimelineEntry> entries, Set<String> clearFlags) {
    return pool.withTransaction(conn -> revise(conn, id, event, entries, clearFlags));
  }

  /** As {@link #revise(UUID, TicketEvent, List, Set)}, inside the caller's transaction. */
  public Future<Accepted> revise(SqlConnection conn, UUID id, TicketEvent event, List<TimelineEntry> entries,
                                 Set<String> clearFlags) {
    return conn.preparedQuery(Sql.get("ticket/revise_ticket")).execute(reviseTuple(id, event, clearFlags))
        .map(rows -> {
          if (rows.size() == 0) throw new NoSuchElementException("no ticket " + id);
          Row r = rows.iterator().next();
          return new Accepted(r.getUUID("id"), r.getString("number"), r.getString("status"), false);
        })
        .compose(a -> addRaw(conn, id, event)
            .compose(v -> addAttachments(conn, id, event))
            .compose(v -> addTimeline(conn, id, entries))
            .compose(v -> startClocks(conn, id, event))
            .compose(v -> planHeldAck(conn, id, event))
            .map(a));
  }

  /** Appends history only, e.g. a forum post edited after its ticket was made. */
  public Future<Void> addTimeline(UUID id, List<TimelineEntry> entries) {
    return pool.withTransaction(conn -> addTimeline(conn, id, entries));
  }

  public Future<Void> addTimeline(SqlConnection conn, UUID id, List<TimelineEntry> entries) {
    if (entries.isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = new ArrayList<>();
    for (TimelineEntry t : entries) {
      rows.add(Tuple.of(id, t.at().atOffset(ZoneOffset.UTC), t.type(), t.actor(), t.data()));
    }
    return conn.preparedQuery(Sql.get("ticket/add_timeline")).executeBatch(rows).mapEmpty();
  }

  private static Tuple reviseTuple(UUID id, TicketEvent e, Set<String> clearFlags) {
    Customer c = e.customer();
    return Tuple.from(new Object[] {
        id, c.name(), c.phone(), c.email(), c.address(), e.language(), e.subject(), e.body(), e.bodyHtml(),
        e.claimAmount() == null ? null : Numeric.create(e.claimAmount()),
        e.kind().wire(), e.category().wire(), e.severity().wire(), e.department(),
        e.flags().toArray(String[]::new), clearFlags.toArray(String[]::new),
        e.matched().toArray(String[]::new), SearchGrams.of(e.text())});
  }

  private static Future<Void> addRaw(SqlConnection conn, UUID id, TicketEvent e) {
    if (e.raw() == null) return Future.succeededFuture();
    byte[] bytes = e.raw().bytes();
    return conn.preparedQuery(Sql.get("ticket/add_raw_input")).execute(Tuple.of(id, e.raw().contentType(),
        Hashes.sha256Hex(bytes), Buffer.buffer(bytes), e.receivedAt().atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  private static Future<Void> addAttachments(SqlConnection conn, UUID id, TicketEvent e) {
    if (e.attachments().isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = new ArrayList<>();
    for (Attachment a : e.attachments()) {
      rows.add(Tuple.of(Uuid7.next(), id, a.filename(), a.mediaType(), a.size(), a.sha256()));
    }
    return conn.preparedQuery(Sql.get("ticket/add_attachment")).executeBatch(rows).mapEmpty();
  }

  private static Future<Void> startClocks(SqlConnection conn, UUID id, TicketEvent e) {
    if (e.clocks().isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = new ArrayList<>();
    for (ClockStart c : e.clocks()) {
      rows.add(Tuple.of(id, c.clock(), e.receivedAt().atOffset(ZoneOffset.UTC), c.due().atOffset(ZoneOffset.UTC)));
    }
    return conn.preparedQuery(Sql.get("ticket/start_clock")).executeBatch(rows).mapEmpty();
  }

  private static Future<Void> planHeldAck(SqlConnection conn, UUID id, TicketEvent e) {
    AckPlan plan = e.ack();
    if (plan.via() == null || AckPlan.HELD.equals(plan.suppressedReason())) return Future.succeededFuture();
    String state = plan.suppressed() ? "suppressed" : "pending";
    String ackState = plan.suppressed() ? "suppressed" : "postal".equals(plan.via()) ? "postal" : "pending";
    return conn.preparedQuery(Sql.get("ticket/plan_held_ack"))
        .execute(Tuple.of(id, plan.ways().get(0), state, plan.suppressedReason(), ackState)) // one held row: its first way
        .compose(rows -> rows.size() > 0 && !plan.suppressed()
            ? conn.query("NOTIFY voxgate_outbox").execute().<Void>mapEmpty() : Future.<Void>succeededFuture());
  }
}
