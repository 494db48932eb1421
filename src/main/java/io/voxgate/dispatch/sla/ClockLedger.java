package io.voxgate.dispatch.sla;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The per-ticket deadline ledger ({@code ticket_clocks}) driven by what happens to a ticket. Every
 * method runs inside the caller's transaction on {@code conn} and is idempotent: stopping a stopped
 * clock or pausing a paused one changes nothing. A clock stopped after its due time is {@code missed}.
 */
public final class ClockLedger {
  private final ClockRules rules;

  public ClockLedger(ClockRules rules) {
    this.rules = rules;
  }

  /**
   * {@code in_progress} meets transfer; {@code replied} also investigation and feedback; {@code resolved}
   * also resolution and starts return_visit; {@code closed} stops every clock; {@code reopened} restarts
   * feedback and resolution from {@code at}.
   */
  public Future<Void> statusChanged(SqlConnection conn, UUID ticket, String from, String to, Instant at) {
    return switch (to) {
      case "in_progress" -> stop(conn, ticket, at, ClockRules.TRANSFER);
      case "replied" -> stop(conn, ticket, at, ClockRules.TRANSFER, ClockRules.INVESTIGATION, ClockRules.FEEDBACK);
      case "resolved" -> stop(conn, ticket, at, ClockRules.TRANSFER, ClockRules.INVESTIGATION, ClockRules.FEEDBACK,
          ClockRules.RESOLUTION).compose(v -> restart(conn, ticket, ClockRules.RETURN_VISIT, at));
      case "closed" -> conn.preparedQuery(Sql.get("dispatch/stop_all_clocks")).execute(Tuple.of(ticket, utc(at))).mapEmpty();
      case "reopened" -> restart(conn, ticket, ClockRules.FEEDBACK, at)
          .compose(v -> restart(conn, ticket, ClockRules.RESOLUTION, at));
      default -> Future.succeededFuture();
    };
  }

  /** Waiting on the customer: every running clock stops counting. */
  public Future<Void> paused(SqlConnection conn, UUID ticket, Instant at) {
    return conn.preparedQuery(Sql.get("dispatch/pause_clocks")).execute(Tuple.of(ticket, utc(at))).mapEmpty();
  }

  /** Counting again: each paused clock's due time moves by the (business or wall) time it was paused. */
  public Future<Void> resumed(SqlConnection conn, UUID ticket, Instant at) {
    return conn.preparedQuery(Sql.get("dispatch/paused_clocks")).execute(Tuple.of(ticket)).compose(rows -> {
      List<Tuple> updates = new ArrayList<>();
      for (Row r : rows) {
        Instant pausedAt = r.getOffsetDateTime("paused_at").toInstant();
        String clock = r.getString("clock");
        var rule = rules.rule(clock, r.getString("kind"), r.getString("complexity"));
        boolean business = rule.map(DeadlineRule::business).orElse(false);
        Duration gap = business ? rules.calendar().businessTime(pausedAt, at) : Duration.between(pausedAt, at);
        if (gap.isNegative()) gap = Duration.ZERO;
        Duration total = Duration.ofSeconds(r.getLong("paused_seconds")).plus(gap);
        Deadline due = rule.map(x -> x.due(rules.calendar(), r.getOffsetDateTime("started_at").toInstant(), total))
            .orElse(new Deadline(r.getOffsetDateTime("due_at").toInstant().plus(gap), false));
        updates.add(Tuple.of(ticket, clock, total.toSeconds(), utc(due.due()), due.provisional()));
      }
      if (updates.isEmpty()) return Future.succeededFuture();
      return conn.preparedQuery(Sql.get("dispatch/resume_clock")).executeBatch(updates).mapEmpty();
    });
  }

  /**
   * The resolution clock follows the complexity: due again from its start by the simple or complex rule.
   * Also records {@code tickets.complexity} (unchanged if the caller already set it).
   */
  public Future<Void> complexitySet(SqlConnection conn, UUID ticket, String complexity, Instant at) {
    return conn.preparedQuery(Sql.get("dispatch/set_complexity")).execute(Tuple.of(ticket, complexity))
        .compose(v -> conn.preparedQuery(Sql.get("dispatch/running_clock")).execute(Tuple.of(ticket, ClockRules.RESOLUTION)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture();
          Row r = rows.iterator().next();
          DeadlineRule rule = rules.rule(ClockRules.RESOLUTION, r.getString("kind"), complexity).orElseThrow();
          Deadline due = rule.due(rules.calendar(), r.getOffsetDateTime("started_at").toInstant(),
              Duration.ofSeconds(r.getLong("paused_seconds")));
          return conn.preparedQuery(Sql.get("dispatch/redue_clock"))
              .execute(Tuple.of(ticket, ClockRules.RESOLUTION, utc(due.due()), due.provisional())).mapEmpty();
        });
  }

  /** A reply reached the customer: feedback and initial investigation are met. */
  public Future<Void> replySent(SqlConnection conn, UUID ticket, Instant at) {
    return stop(conn, ticket, at, ClockRules.INVESTIGATION, ClockRules.FEEDBACK);
  }

  /** The acknowledgement was accepted by the SMTP server or SMS receiver. */
  public Future<Void> ackSent(SqlConnection conn, UUID ticket, Instant at) {
    return stop(conn, ticket, at, ClockRules.ACK);
  }

  /** A return visit (回访) took place. */
  public Future<Void> visitRecorded(SqlConnection conn, UUID ticket, Instant at) {
    return stop(conn, ticket, at, ClockRules.RETURN_VISIT);
  }

  private Future<Void> stop(SqlConnection conn, UUID ticket, Instant at, String... clocks) {
    return conn.preparedQuery(Sql.get("dispatch/stop_clocks")).execute(Tuple.of(ticket, clocks, utc(at))).compose(rows -> {
      List<Tuple> entries = new ArrayList<>();
      for (Row r : rows) {
        entries.add(Tuple.of(ticket, utc(at), "deadline_" + r.getString("outcome"),
            new JsonObject().put("clock", r.getString("clock"))));
      }
      if (entries.isEmpty()) return Future.succeededFuture();
      return conn.preparedQuery(Sql.get("dispatch/add_timeline")).executeBatch(entries).mapEmpty();
    });
  }

  private Future<Void> restart(SqlConnection conn, UUID ticket, String clock, Instant at) {
    return conn.preparedQuery(Sql.get("dispatch/ticket_kind")).execute(Tuple.of(ticket)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture();
      Row r = rows.iterator().next();
      var rule = rules.rule(clock, r.getString("kind"), r.getString("complexity"));
      if (rule.isEmpty()) return Future.succeededFuture();
      Deadline due = rule.get().due(rules.calendar(), at, Duration.ZERO);
      return conn.preparedQuery(Sql.get("dispatch/restart_clock"))
          .execute(Tuple.of(ticket, clock, utc(at), utc(due.due()), due.provisional())).mapEmpty();
    });
  }

  static java.time.OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

}
