package io.voxgate.dispatch;

import static io.voxgate.dispatch.Statements.batch;
import static io.voxgate.dispatch.Statements.utc;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.GatewayConfig;
import io.voxgate.db.Sql;
import io.voxgate.dispatch.sla.ClockRules;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The deadline side of a dispatcher pass: takes on new tickets (standard clocks; a major ticket is
 * escalated to management at once, status {@code escalated}) and watches running clocks — a reminder
 * to the assignee when less than {@code deadlines.reminder_lead} of the time is left, and once past
 * due the ticket flagged {@code overdue} and supervisors told. Notices are outbox rows, sent by the
 * same pass. Each step is one transaction claiming rows with {@code SKIP LOCKED}.
 */
final class ClockWatch {
  private static final Logger LOG = Logger.getLogger(ClockWatch.class.getName());
  /** Rows per pass: taking on tickets and flagging clocks only write the database (notices go to the outbox). */
  static final int SCAN_BATCH = 500;
  private final Pool pool;
  private final GatewayConfig config;
  private final ClockRules rules;
  private final DispatchMetrics metrics;
  private final Clock clock;

  ClockWatch(Pool pool, GatewayConfig config, ClockRules rules, DispatchMetrics metrics, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.rules = rules;
    this.metrics = metrics;
    this.clock = clock;
  }

  Future<Void> onboard() {
    Instant now = clock.instant();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("dispatch/claim_new_tickets"))
        .execute(Tuple.of(SCAN_BATCH)).compose(rows -> {
          List<Tuple> clocks = new ArrayList<>();
          List<Tuple> done = new ArrayList<>();
          List<Tuple> notices = new ArrayList<>();
          List<Tuple> escalated = new ArrayList<>();
          List<Tuple> timeline = new ArrayList<>();
          for (Row r : rows) {
            var id = r.getUUID("id");
            Instant received = r.getOffsetDateTime("received_at").toInstant();
            boolean ackOwed = r.getBoolean("ack_owed");
            rules.standardClocks(r.getString("kind"), r.getString("complexity"), received).forEach((name, due) -> {
              if (ackOwed || !name.equals(ClockRules.ACK)) {
                clocks.add(Tuple.of(id, name, utc(received), utc(due.due()), due.provisional()));
              }
            });
            done.add(Tuple.of(id, utc(now)));
            if ("major".equals(r.getString("severity"))) {
              JsonObject payload = new JsonObject().put("rules", r.getString("rules"));
              for (String to : config.dispatch().management()) {
                notices.add(Tuple.of(id, "escalation", to, utc(now), payload));
              }
              escalated.add(Tuple.of(id, utc(now)));
              timeline.add(Tuple.of(id, utc(now), "escalated", new JsonObject()
                  .put("to", String.join(", ", config.dispatch().management())).put("rules", r.getString("rules"))));
              LOG.info("ticket " + r.getString("number") + ": major, escalated to management");
            }
          }
          return batch(conn, "dispatch/start_clock", clocks)
              .compose(v -> batch(conn, "dispatch/queue_notice", notices))
              .compose(v -> batch(conn, "dispatch/escalate_ticket", escalated))
              .compose(v -> batch(conn, "dispatch/add_timeline", timeline))
              .compose(v -> batch(conn, "dispatch/mark_dispatched", done));
        }));
  }

  Future<Void> watch() {
    Instant now = clock.instant();
    var d = config.dispatch();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("dispatch/claim_due_clocks"))
        .execute(Tuple.of(utc(now), config.deadlines().reminderLead(), SCAN_BATCH)).compose(rows -> {
          List<Tuple> warned = new ArrayList<>();
          List<Tuple> overdue = new ArrayList<>();
          List<Tuple> notices = new ArrayList<>();
          List<Tuple> timeline = new ArrayList<>();
          for (Row r : rows) {
            var id = r.getUUID("ticket_id");
            String name = r.getString("clock");
            Instant due = r.getOffsetDateTime("due_at").toInstant();
            String assignee = r.getString("assignee");
            JsonObject payload = new JsonObject().put("clock", name).put("due", due.toString())
                .put("assignee", assignee == null ? "" : assignee);
            boolean late = due.isBefore(now);
            if (late) {
              overdue.add(Tuple.of(id, name, utc(now)));
              for (String to : d.supervisors()) notices.add(Tuple.of(id, "overdue", to, utc(now), payload));
              metrics.deadlineMissed(name);
            } else {
              warned.add(Tuple.of(id, name, utc(now)));
              notices.add(Tuple.of(id, "reminder", assigneeAddress(assignee, r.getString("department")), utc(now),
                  payload));
            }
            timeline.add(Tuple.of(id, utc(now), late ? "overdue" : "deadline_reminder", payload));
          }
          return batch(conn, "dispatch/mark_warned", warned)
              .compose(v -> batch(conn, "dispatch/mark_overdue", overdue))
              .compose(v -> batch(conn, "dispatch/queue_notice", notices))
              .compose(v -> batch(conn, "dispatch/add_timeline", timeline));
        }));
  }

  private String assigneeAddress(String assignee, String department) {
    String who = assignee != null && !assignee.isBlank() ? assignee : department;
    if (who == null || who.isBlank()) return config.dispatch().supervisors().get(0);
    if (who.contains("@")) return who;
    return config.dispatch().assigneeAddress().replace("{assignee}", who.replaceAll("[^A-Za-z0-9._-]", "-"));
  }

}
