package io.voxgate.dispatch;

import static io.voxgate.support.TestMailbox.subject;
import static io.voxgate.support.TestMailbox.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.voxgate.dispatch.sla.ClockLedger;
import io.voxgate.support.Psql;
import io.voxgate.support.TestClock;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestMailbox;
import io.voxgate.support.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deadline clocks driven by a test clock: reminders, overdue, escalation and the ledger, without sleeping. */
class DeadlineClocksIT {
  /** Monday 2026-12-07 09:00 in Shanghai (after the real "now", so that new outbox rows are due). */
  static final Instant MONDAY_9 = Instant.parse("2026-12-07T01:00:00Z");
  static TestMailbox mail;
  static TestClock clock;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    mail = TestMailbox.start();
    clock = new TestClock(MONDAY_9);
    gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_SMTP_URL", mail.url(),
        "VOXGATE_DISPATCH__POLL", "PT1H"), clock);
  }

  @AfterAll
  static void stop() {
    gw.close();
    mail.close();
  }

  static JsonObject submit(String id, String body) {
    var r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", id).put("kind", "complaint")
        .put("name", "赵敏").put("email", id + "@example.com").put("subject", "热水器问题").put("body", body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  @Test
  void remindsBeforeTheTransferDeadlineThenFlagsOverdueAndTellsSupervisorsOnce() {
    clock.set(MONDAY_9);
    JsonObject t = submit("clock-1", "热水器漏水，请尽快处理。");
    UUID id = UUID.fromString(t.getString("id"));
    Psql.query(gw.dbUrl(), "INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at) VALUES ($1, 'callback', $2, $3)",
        id, MONDAY_9.atOffset(java.time.ZoneOffset.UTC), MONDAY_9.plus(Duration.ofHours(30)).atOffset(java.time.ZoneOffset.UTC));
    gw.dispatch();
    assertThat(due(id, "transfer")).isEqualTo(MONDAY_9.plus(Duration.ofHours(24)));
    assertThat(due(id, "feedback")).isEqualTo(Instant.parse("2026-12-10T10:00:00Z")); // Thu 18:00 Shanghai
    assertThat(due(id, "resolution")).isEqualTo(Instant.parse("2026-12-14T10:00:00Z")); // 5 working days

    clock.set(MONDAY_9.plus(Duration.ofHours(17)));
    gw.dispatch();
    assertThat(notices(id, "reminder")).isZero();

    clock.set(MONDAY_9.plus(Duration.ofHours(19))); // less than a quarter of 24 h left
    gw.dispatch();
    String number = t.getString("number");
    var reminder = about(number, "quality@voxgate.local", 1);
    assertThat(reminder).hasSize(1);
    assertThat(subject(reminder.get(0))).contains(number).contains("提醒").contains("transfer");
    assertThat(flag(id)).isFalse();

    clock.set(MONDAY_9.plus(Duration.ofHours(25)));
    gw.dispatch();
    gw.dispatch();
    var overdue = about(number, "supervisors@voxgate.local", 1);
    assertThat(overdue).hasSize(1);
    assertThat(subject(overdue.get(0))).contains(number).contains("已超时").contains("transfer");
    assertThat(flag(id)).isTrue();
    assertThat(timeline(id, "overdue")).isEqualTo(1);
    assertThat(gw.get("/metrics", null).body()).containsPattern("(?m)^voxgate_deadlines_missed_total\\{clock=\"transfer\"} 1\\.0$");

    clock.set(MONDAY_9.plus(Duration.ofHours(31))); // the channel's callback clock is watched too
    gw.dispatch();
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE ticket_id = $1 AND purpose = 'overdue' "
        + "AND payload ->> 'clock' = 'callback'", id)).isEqualTo(1);
    assertThat(about(number, "supervisors@voxgate.local", 2)).hasSize(2);
  }

  @Test
  void majorComplaintIsEscalatedToManagementWithinOneDispatcherPass() {
    clock.set(MONDAY_9);
    JsonObject t = submit("major-1", "热水器起火，孩子被烫伤住院，我要找媒体曝光。");
    gw.dispatch();

    var got = mail.awaitTo("management@voxgate.local", 1, Duration.ofSeconds(10));
    assertThat(got).hasSize(1);
    assertThat(subject(got.get(0))).contains(t.getString("number")).contains("重大投诉上报");
    assertThat(text(got.get(0))).contains("热水器问题");
    JsonObject ticket = gw.ticket(t.getString("id"));
    assertThat(ticket.getString("severity")).isEqualTo("major");
    assertThat(ticket.getString("status")).isEqualTo("escalated");
    assertThat(timeline(UUID.fromString(t.getString("id")), "escalated")).isEqualTo(1);
    assertThat(mail.awaitTo("major-1@example.com", 1, Duration.ofSeconds(10))).as("the customer is acknowledged too").hasSize(1);
  }

  @Test
  void ledgerFollowsComplexityPausesAndStatusChanges() throws Exception {
    clock.set(MONDAY_9);
    JsonObject t = submit("ledger-1", "热水器不加热，要求维修。");
    UUID id = UUID.fromString(t.getString("id"));
    gw.dispatch();
    ClockLedger ledger = gw.gateway().shared().dispatch().ledger();
    Pool pool = gw.gateway().shared().pool();

    pool.withTransaction(c -> ledger.complexitySet(c, id, "complex", MONDAY_9)).await(10, TimeUnit.SECONDS);
    assertThat(due(id, "resolution")).isEqualTo(Instant.parse("2026-12-16T10:00:00Z")); // 7 working days

    // paused Tue 09:00 to Wed 09:00 Shanghai: 9 business hours = one working day more
    Instant pause = Instant.parse("2026-12-08T01:00:00Z");
    pool.withTransaction(c -> ledger.paused(c, id, pause)).await(10, TimeUnit.SECONDS);
    pool.withTransaction(c -> ledger.resumed(c, id, pause.plus(Duration.ofHours(24)))).await(10, TimeUnit.SECONDS);
    assertThat(due(id, "resolution")).isEqualTo(Instant.parse("2026-12-17T10:00:00Z"));
    assertThat(due(id, "transfer")).as("wall-clock rule: extended by the wall time paused")
        .isEqualTo(MONDAY_9.plus(Duration.ofHours(48)));

    Instant resolved = Instant.parse("2026-12-11T02:00:00Z"); // Fri 10:00 Shanghai
    pool.withTransaction(c -> ledger.statusChanged(c, id, "in_progress", "resolved", resolved)).await(10, TimeUnit.SECONDS);
    assertThat(outcome(id, "resolution")).isEqualTo("met");
    assertThat(outcome(id, "feedback")).isEqualTo("met"); // due Thu 18:00, one working day paused: Fri 18:00
    assertThat(due(id, "return_visit")).isEqualTo(Instant.parse("2026-12-14T10:00:00Z")); // Mon 18:00

    pool.withTransaction(c -> ledger.visitRecorded(c, id, resolved.plus(Duration.ofHours(1)))).await(10, TimeUnit.SECONDS);
    assertThat(outcome(id, "return_visit")).isEqualTo("met");
    pool.withTransaction(c -> ledger.statusChanged(c, id, "resolved", "closed", resolved.plus(Duration.ofHours(2))))
        .await(10, TimeUnit.SECONDS);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM ticket_clocks WHERE ticket_id = $1 AND stopped_at IS NULL", id)).isZero();
  }

  /** Mails to {@code to} about ticket {@code number}, waiting (bounded) for {@code n}. */
  static java.util.List<jakarta.mail.internet.MimeMessage> about(String number, String to, int n) {
    Instant end = Instant.now().plusSeconds(10);
    java.util.List<jakarta.mail.internet.MimeMessage> got;
    do {
      got = mail.awaitTo(to, 0, Duration.ZERO).stream().filter(m -> subject(m).contains(number)).toList();
    } while (got.size() < n && Instant.now().isBefore(end));
    return got;
  }

  static Instant due(UUID id, String clock) {
    return Psql.query(gw.dbUrl(), "SELECT due_at FROM ticket_clocks WHERE ticket_id = $1 AND clock = $2", id, clock)
        .get(0).getOffsetDateTime(0).toInstant();
  }

  static String outcome(UUID id, String clock) {
    return Psql.query(gw.dbUrl(), "SELECT outcome FROM ticket_clocks WHERE ticket_id = $1 AND clock = $2", id, clock)
        .get(0).getString(0);
  }

  static boolean flag(UUID id) {
    return Psql.query(gw.dbUrl(), "SELECT overdue FROM tickets WHERE id = $1", id).get(0).getBoolean(0);
  }

  static long notices(UUID id, String purpose) {
    return Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE ticket_id = $1 AND purpose = $2", id, purpose);
  }

  static long timeline(UUID id, String type) {
    return Psql.count(gw.dbUrl(), "SELECT count(*) FROM timeline WHERE ticket_id = $1 AND type = $2", id, type);
  }

  static OffsetDateTime at(Instant i) {
    return i.atOffset(java.time.ZoneOffset.UTC);
  }
}
