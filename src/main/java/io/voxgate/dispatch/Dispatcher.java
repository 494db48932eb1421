package io.voxgate.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.GatewayConfig;
import io.voxgate.db.Sql;
import io.voxgate.dispatch.sla.ClockLedger;
import io.voxgate.dispatch.sla.ClockRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * One dispatcher pass, safe with several gateways on one database: (1) take on new tickets — start
 * their standard clocks, escalate major ones; (2) remind before and flag after a clock's due time;
 * (3) claim due outbox rows ({@code FOR UPDATE SKIP LOCKED}), send them and record the outcome in the
 * same transaction. A failed send is retried with exponential back-off and jitter, then dead-lettered.
 */
public final class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
  private final Pool pool;
  private final GatewayConfig config;
  private final ClockRules rules;
  private final ClockLedger ledger;
  private final Composer composer;
  private final EmailSender email;
  private final WebhookSender webhooks;
  private final DispatchMetrics metrics;
  private final Clock clock;

  /** A composed message and, once tried, its outcome. */
  private record Attempt(OutboxItem item, Outgoing out, String error) {
  }

  public Dispatcher(Pool pool, GatewayConfig config, DispatchServices services, EmailSender email,
                    WebhookSender webhooks, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.rules = services.rules();
    this.ledger = services.ledger();
    this.metrics = services.metrics();
    this.composer = new Composer(config.smtp().messageIdDomain(), rules.calendar().zone());
    this.email = email;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  /** @return how many outbox rows this pass handled (a full batch means: run again) */
  public Future<Integer> tick() {
    return onboard().compose(v -> watch()).compose(v -> send());
  }

  private Future<Void> onboard() {
    Instant now = clock.instant();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("dispatch/claim_new_tickets"))
        .execute(Tuple.of(config.dispatch().batch())).compose(rows -> {
          List<Tuple> clocks = new ArrayList<>();
          List<Tuple> done = new ArrayList<>();
          List<Tuple> notices = new ArrayList<>();
          List<Tuple> escalated = new ArrayList<>();
          List<Tuple> timeline = new ArrayList<>();
          for (Row r : rows) {
            var id = r.getUUID("id");
            Instant received = r.getOffsetDateTime("received_at").toInstant();
            rules.standardClocks(r.getString("kind"), r.getString("complexity"), received).forEach((name, due) ->
                clocks.add(Tuple.of(id, name, utc(received), utc(due.due()), due.provisional())));
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

  private Future<Void> watch() {
    Instant now = clock.instant();
    var d = config.dispatch();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("dispatch/claim_due_clocks"))
        .execute(Tuple.of(utc(now), config.deadlines().reminderLead(), d.batch())).compose(rows -> {
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

  private Future<Integer> send() {
    Instant now = clock.instant();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("dispatch/claim_outbox"))
        .execute(Tuple.of(utc(now), config.dispatch().batch())).compose(rows -> {
          List<OutboxItem> items = new ArrayList<>();
          rows.forEach(r -> items.add(OutboxItem.from(r)));
          if (items.isEmpty()) return Future.succeededFuture(0);
          return decide(conn, items, now)
              .compose(this::deliver)
              .compose(attempts -> record(conn, attempts, now))
              .map(v -> items.size());
        }));
  }

  /** Composes each message; customer mail to a suppressed address or beyond the per-recipient cap is skipped. */
  private Future<List<Attempt>> decide(SqlConnection conn, List<OutboxItem> items, Instant now) {
    List<Attempt> out = new ArrayList<>();
    Map<String, Integer> sentTo = new HashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (OutboxItem item : items) {
      chain = chain.compose(v -> {
        Instant replyBy = rules.due(ClockRules.FEEDBACK, item.kind(), item.complexity(), item.receivedAt()).due();
        Outgoing o = composer.compose(item, replyBy);
        if (!(o instanceof Outgoing.Mail m) || !item.toCustomer()) {
          out.add(new Attempt(item, o, null));
          return Future.succeededFuture();
        }
        String key = m.to().toLowerCase();
        return conn.preparedQuery(Sql.get("dispatch/is_suppressed_recipient")).execute(Tuple.of(m.to(), utc(now)))
            .compose(sup -> {
              if (sup.size() > 0) {
                out.add(new Attempt(item, new Outgoing.Skip("not_mailable", "suppressed"), null));
                return Future.succeededFuture();
              }
              if (!item.purpose().equals("ack")) {
                out.add(new Attempt(item, o, null));
                return Future.succeededFuture();
              }
              Future<Integer> sent = sentTo.containsKey(key) ? Future.succeededFuture(sentTo.get(key))
                  : conn.preparedQuery(Sql.get("dispatch/recent_sent_count"))
                      .execute(Tuple.of(m.to(), utc(now.minus(config.smtp().recipientWindow()))))
                      .map(c -> c.iterator().next().getLong(0).intValue());
              return sent.map(n -> {
                if (n >= config.smtp().recipientCap()) {
                  out.add(new Attempt(item, new Outgoing.Skip("recipient_cap", "suppressed"), null));
                } else {
                  sentTo.put(key, n + 1);
                  out.add(new Attempt(item, o, null));
                }
                return null;
              });
            });
      });
    }
    return chain.map(v -> out);
  }

  /** Sends everything in parallel; each attempt ends with an error message or null, never fails. */
  private Future<List<Attempt>> deliver(List<Attempt> attempts) {
    List<Future<Attempt>> sent = new ArrayList<>();
    for (Attempt a : attempts) {
      Future<Void> f;
      if (a.out() instanceof Outgoing.Mail m) {
        f = email.send(m).andThen(ar -> {
          if (ar.succeeded()) metrics.smtpOk(clock.instant());
          else metrics.smtpFailed(clock.instant(), String.valueOf(ar.cause().getMessage()));
        });
      } else if (a.out() instanceof Outgoing.Sms s) {
        f = webhooks.sms(s, a.item().number());
      } else if (a.out() instanceof Outgoing.Callback c) {
        f = webhooks.callback(c);
      } else {
        f = Future.succeededFuture();
      }
      sent.add(f.map(v -> a).otherwise(e -> new Attempt(a.item(), a.out(),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }
    return Future.all(sent).map(all -> {
      List<Attempt> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) out.add(all.resultAt(i));
      out.sort(Comparator.comparing(x -> x.item().ticketId())); // one lock order for ticket rows
      return out;
    });
  }

  private Future<Void> record(SqlConnection conn, List<Attempt> attempts, Instant now) {
    Future<Void> chain = Future.succeededFuture();
    for (Attempt a : attempts) chain = chain.compose(v -> record(conn, a, now));
    return chain;
  }

  private Future<Void> record(SqlConnection conn, Attempt a, Instant now) {
    OutboxItem item = a.item();
    boolean ack = item.purpose().equals("ack");
    String via = a.out() instanceof Outgoing.Mail ? "email" : a.out() instanceof Outgoing.Sms ? "sms" : item.via();
    String to = a.out() instanceof Outgoing.Mail m ? m.to() : a.out() instanceof Outgoing.Sms s ? s.phone()
        : a.out() instanceof Outgoing.Callback c ? c.url() : item.recipient();
    if (a.out() instanceof Outgoing.Skip skip) {
      metrics.outcome("suppressed", item.purpose(), item.via());
      Future<Void> f = exec(conn, "dispatch/mark_suppressed", Tuple.of(item.id(), skip.reason(), to));
      if (!ack || skip.ackState() == null) return f;
      return f.compose(v -> exec(conn, "dispatch/set_ack_state", Tuple.of(item.ticketId(), skip.ackState(), utc(now))))
          .compose(v -> timeline(conn, item, now, skip.ackState().equals("postal") ? "ack_postal" : "ack_suppressed",
              new JsonObject().put("reason", skip.reason())));
    }
    if (a.error() == null) {
      metrics.outcome("sent", item.purpose(), via);
      String messageId = a.out() instanceof Outgoing.Mail m ? m.messageId() : null;
      JsonObject data = new JsonObject().put("via", via).put("to", to);
      if (messageId != null) data.put("message_id", messageId);
      Future<Void> f = exec(conn, "dispatch/mark_sent", Tuple.of(item.id(), utc(now), to, messageId))
          .compose(v -> timeline(conn, item, now, item.purpose() + "_sent", data));
      if (ack) {
        metrics.ackSent(Duration.between(item.ticketCreatedAt(), Instant.now()));
        LOG.fine("ticket " + item.number() + ": ack sent via " + via);
        return f.compose(v -> exec(conn, "dispatch/set_ack_state", Tuple.of(item.ticketId(), "sent", utc(now))))
            .compose(v -> ledger.ackSent(conn, item.ticketId(), now));
      }
      return item.purpose().equals("reply") ? f.compose(v -> ledger.replySent(conn, item.ticketId(), now)) : f;
    }
    int attempt = item.attempts() + 1;
    if (attempt >= config.dispatch().maxAttempts()) {
      metrics.outcome("dead", item.purpose(), via);
      LOG.warning("ticket " + item.number() + ": " + item.purpose() + " dead after " + attempt + " attempts: " + a.error());
      Future<Void> f = exec(conn, "dispatch/mark_dead", Tuple.of(item.id(), a.error(), to))
          .compose(v -> timeline(conn, item, now, item.purpose() + "_dead",
              new JsonObject().put("via", via).put("attempts", attempt).put("error", a.error())));
      return ack ? f.compose(v -> exec(conn, "dispatch/set_ack_state", Tuple.of(item.ticketId(), "dead", utc(now)))) : f;
    }
    return exec(conn, "dispatch/mark_retry", Tuple.of(item.id(), utc(now.plus(backoff(attempt))), a.error(), to));
  }

  /** Exponential from the configured base, capped, with ±50 % jitter so that retries do not come in waves. */
  Duration backoff(int attempt) {
    Duration base = config.dispatch().backoff();
    Duration max = config.dispatch().backoffMax();
    long ms = base.toMillis() << Math.min(attempt - 1, 20);
    ms = Math.min(ms, max.toMillis());
    return Duration.ofMillis((long) (ms * (0.5 + ThreadLocalRandom.current().nextDouble())));
  }

  private static Future<Void> timeline(SqlConnection conn, OutboxItem item, Instant at, String type, JsonObject data) {
    return exec(conn, "dispatch/add_timeline", Tuple.of(item.ticketId(), utc(at), type, data));
  }

  private static Future<Void> exec(SqlConnection conn, String sql, Tuple args) {
    return conn.preparedQuery(Sql.get(sql)).execute(args).mapEmpty();
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    if (rows.isEmpty()) return Future.succeededFuture();
    return conn.preparedQuery(Sql.get(sql)).executeBatch(rows).mapEmpty();
  }

  static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
