package io.voxgate.dispatch;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.GatewayConfig;
import io.voxgate.db.Sql;
import io.voxgate.dispatch.sla.ClockLedger;
import io.voxgate.dispatch.sla.ClockRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * One dispatcher pass, safe with several gateways on one database: (1) and (2) by {@link ClockWatch}:
 * take on new tickets, remind before and flag after a clock's due time; (3) claim due outbox rows ({@code FOR UPDATE SKIP LOCKED}), send them and record the outcome in the
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
  private final ClockWatch watch;

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
    this.composer = new Composer(config.smtp().messageIdDomain(), rules.calendar().zone(), config.sources());
    this.email = email;
    this.webhooks = webhooks;
    this.clock = clock;
    this.watch = new ClockWatch(pool, config, rules, metrics, clock);
  }

  /**
   * @param watchClocks also remind and flag overdue clocks (timer and explicit passes; a pass woken by a
   *     commit only takes on new tickets and sends, so that a burst of intakes does not rescan the clocks)
   * @return whether a send lane claimed a full batch (then run again at once). The lanes claim
   *     disjoint rows ({@code SKIP LOCKED}), each on its own connection.
   */
  public Future<Boolean> tick(boolean watchClocks) {
    return watch.onboard().compose(v -> watchClocks ? watch.watch() : Future.<Void>succeededFuture()).compose(v -> {
      List<Future<Integer>> lanes = new ArrayList<>();
      for (int i = 0; i < config.dispatch().lanes(); i++) lanes.add(send());
      return Future.all(lanes).map(all -> lanes.stream().anyMatch(f -> f.result() >= config.dispatch().batch()));
    });
  }

  private Future<Integer> send() {
    Instant now = clock.instant();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("dispatch/claim_outbox"))
        .execute(Tuple.of(Statements.utc(now), config.dispatch().batch())).compose(rows -> {
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
    List<Attempt> composed = new ArrayList<>();
    Set<String> addresses = new HashSet<>();
    for (OutboxItem item : items) {
      Instant replyBy = rules.due(ClockRules.FEEDBACK, item.kind(), item.complexity(), item.receivedAt()).due();
      Outgoing o = composer.compose(item, replyBy);
      composed.add(new Attempt(item, o, null));
      if (o instanceof Outgoing.Mail m && item.toCustomer()) addresses.add(m.to().toLowerCase());
    }
    if (addresses.isEmpty()) return Future.succeededFuture(composed);
    String[] list = addresses.stream().sorted().toArray(String[]::new);
    return Statements.exec(conn, "dispatch/lock_recipients", Tuple.of((Object) list))
        .compose(locked -> Future.all(suppressed(conn, list, now), recentAcks(conn, list, now)))
        .map(v -> {
          Set<String> blocked = v.resultAt(0);
          Map<String, Integer> sent = v.resultAt(1);
          List<Attempt> out = new ArrayList<>();
          for (Attempt a : composed) {
            if (!(a.out() instanceof Outgoing.Mail m) || !a.item().toCustomer()) {
              out.add(a);
              continue;
            }
            String key = m.to().toLowerCase();
            if (blocked.contains(key)) {
              out.add(new Attempt(a.item(), new Outgoing.Skip("not_mailable", "suppressed"), null));
            } else if (a.item().purpose().equals("ack") && sent.getOrDefault(key, 0) >= config.smtp().recipientCap()) {
              out.add(new Attempt(a.item(), new Outgoing.Skip("recipient_cap", "suppressed"), null));
            } else {
              if (a.item().purpose().equals("ack")) sent.merge(key, 1, Integer::sum);
              out.add(a);
            }
          }
          return out;
        });
  }

  private static Future<Set<String>> suppressed(SqlConnection conn, String[] addresses, Instant now) {
    return conn.preparedQuery(Sql.get("dispatch/suppressed_among")).execute(Tuple.of(addresses, Statements.utc(now)))
        .map(rows -> {
          Set<String> out = new HashSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  private Future<Map<String, Integer>> recentAcks(SqlConnection conn, String[] addresses, Instant now) {
    return conn.preparedQuery(Sql.get("dispatch/recent_acks_among"))
        .execute(Tuple.of(addresses, Statements.utc(now.minus(config.smtp().recipientWindow())))).map(rows -> {
          Map<String, Integer> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString(0), r.getLong(1).intValue()));
          return out;
        });
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

  /** All outcomes at once: the statements are pipelined on the one connection, in ticket order. */
  private Future<Void> record(SqlConnection conn, List<Attempt> attempts, Instant now) {
    List<Future<Void>> all = new ArrayList<>();
    for (Attempt a : attempts) all.add(record(conn, a, now));
    return Future.all(all).mapEmpty();
  }

  private Future<Void> record(SqlConnection conn, Attempt a, Instant now) {
    OutboxItem item = a.item();
    boolean ack = item.purpose().equals("ack");
    String via = a.out() instanceof Outgoing.Mail ? "email" : a.out() instanceof Outgoing.Sms ? "sms" : item.via();
    // customer addresses are stored lower-case: the per-recipient cap counts them by index
    String to = a.out() instanceof Outgoing.Mail m ? (item.toCustomer() ? m.to().toLowerCase() : m.to()) : a.out() instanceof Outgoing.Sms s ? s.phone()
        : a.out() instanceof Outgoing.Callback c ? c.url() : item.recipient();
    if (a.out() instanceof Outgoing.Skip skip) {
      metrics.outcome("suppressed", item.purpose(), item.via());
      Future<Void> f = Statements.exec(conn, "dispatch/mark_suppressed", Tuple.of(item.id(), skip.reason(), to));
      if (item.toCustomer()) {
        String type = item.purpose() + ("postal".equals(skip.ackState()) ? "_postal" : "_suppressed");
        f = f.compose(v -> timeline(conn, item, now, type, new JsonObject().put("reason", skip.reason())));
      }
      if (!ack || skip.ackState() == null) return f;
      return f.compose(v -> Statements.exec(conn, "dispatch/set_ack_state", Tuple.of(item.ticketId(), skip.ackState(), Statements.utc(now))))
          .compose(v -> Statements.exec(conn, "dispatch/drop_clock", Tuple.of(item.ticketId(), ClockRules.ACK)));
    }
    if (a.error() == null) {
      metrics.outcome("sent", item.purpose(), via);
      String messageId = a.out() instanceof Outgoing.Mail m ? m.messageId() : null;
      JsonObject data = new JsonObject().put("via", via).put("to", to);
      if (messageId != null) data.put("message_id", messageId);
      Future<Void> f = Statements.exec(conn, "dispatch/mark_sent", Tuple.of(item.id(), Statements.utc(now), to, messageId))
          .compose(v -> timeline(conn, item, now, item.purpose() + "_sent", data));
      if (ack) {
        metrics.ackSent(Duration.between(item.ticketCreatedAt(), Instant.now()));
        LOG.fine("ticket " + item.number() + ": ack sent via " + via);
        return f.compose(v -> Statements.exec(conn, "dispatch/set_ack_state", Tuple.of(item.ticketId(), "sent", Statements.utc(now))))
            .compose(v -> ledger.ackSent(conn, item.ticketId(), now));
      }
      return item.purpose().equals("reply") ? f.compose(v -> ledger.replySent(conn, item.ticketId(), now)) : f;
    }
    int attempt = item.attempts() + 1;
    if (attempt >= config.dispatch().maxAttempts()) {
      metrics.outcome("dead", item.purpose(), via);
      LOG.warning("ticket " + item.number() + ": " + item.purpose() + " dead after " + attempt + " attempts: " + a.error());
      Future<Void> f = Statements.exec(conn, "dispatch/mark_dead", Tuple.of(item.id(), a.error(), to))
          .compose(v -> timeline(conn, item, now, item.purpose() + "_dead",
              new JsonObject().put("via", via).put("attempts", attempt).put("error", a.error())));
      return ack ? f.compose(v -> Statements.exec(conn, "dispatch/set_ack_state", Tuple.of(item.ticketId(), "dead", Statements.utc(now)))) : f;
    }
    return Statements.exec(conn, "dispatch/mark_retry", Tuple.of(item.id(), Statements.utc(now.plus(backoff(attempt))), a.error(), to));
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
    return Statements.exec(conn, "dispatch/add_timeline", Tuple.of(item.ticketId(), Statements.utc(at), type, data));
  }

}
