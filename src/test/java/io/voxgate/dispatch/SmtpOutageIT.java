package io.voxgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestMailbox;
import io.voxgate.support.TestPostgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The mail server goes away: acknowledgements wait and retry, readiness says so, nothing is lost. */
class SmtpOutageIT {

  @Test
  void retriesWhileTheMailServerIsDownAndDeliversOnceItIsBack() {
    TestMailbox first = TestMailbox.start();
    int port = first.port();
    first.close();
    try (TestGateway gw = retryingAgainst(port)) {
      String id = created(gw, "outage-1", "during-outage@example.com");

      awaitTrue(() -> Psql.count(gw.dbUrl(), "SELECT attempts FROM outbox WHERE ticket_id = $1::uuid", id) >= 3);
      var row = Psql.query(gw.dbUrl(), "SELECT state, last_error FROM outbox WHERE ticket_id = $1::uuid", id).get(0);
      assertThat(row.getString("state")).isEqualTo("pending");
      assertThat(row.getString("last_error")).isNotBlank();
      JsonObject ready = new JsonObject(gw.get("/health/ready", null).body());
      assertThat(ready.getBoolean("degraded")).isTrue();
      assertThat(check(ready, "smtp").getString("status")).isEqualTo("UP");
      assertThat(check(ready, "smtp").getJsonObject("data").getBoolean("degraded")).isTrue();
      assertThat(gw.get("/health/ready", null).statusCode()).as("intake goes on").isEqualTo(200);

      try (TestMailbox back = TestMailbox.start(port)) {
        assertThat(back.awaitTo("during-outage@example.com", 1, Duration.ofSeconds(20))).hasSize(1);
        awaitTrue(() -> "sent".equals(gw.ticket(id).getString("ack_state")));
        JsonObject after = new JsonObject(gw.get("/health/ready", null).body());
        assertThat(check(after, "smtp").getJsonObject("data").getBoolean("degraded", false)).isFalse();
        assertThat(back.all()).hasSize(1);
      }
    }
  }

  /** The "SMTP down 10 minutes", shortened by configuration: retries every 0.3 s at most. */
  @Test
  void everyAckQueuedDuringAnOutageIsSentExactlyOnceAfterRecovery() {
    int tickets = 6;
    TestMailbox first = TestMailbox.start();
    int port = first.port();
    first.close();
    try (TestGateway gw = retryingAgainst(port)) {
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < tickets; i++) ids.add(created(gw, "queued-" + i, "queued-" + i + "@example.com"));

      awaitTrue(() -> Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts >= 2")
          == tickets);
      var down = gw.get("/health/ready", null);
      assertThat(down.statusCode()).as("intake goes on while mail waits").isEqualTo(200);
      JsonObject ready = new JsonObject(down.body());
      assertThat(ready.getBoolean("degraded")).isTrue();
      assertThat(check(ready, "smtp").getJsonObject("data").getBoolean("degraded")).isTrue();
      assertThat(check(ready, "smtp").getJsonObject("data").getString("error")).isNotBlank();
      assertThat(check(ready, "outbox").getJsonObject("data").getLong("pending")).as("the backlog").isEqualTo(tickets);
      assertThat(ids).allSatisfy(id -> assertThat(gw.ticket(id).getString("ack_state")).isEqualTo("pending"));
      assertThat(created(gw, "queued-late", "late@example.com")).as("intake while the mail server is down").isNotBlank();

      try (TestMailbox back = TestMailbox.start(port)) {
        assertThat(back.awaitCount(tickets + 1, Duration.ofSeconds(20))).hasSize(tickets + 1);
        awaitTrue(() -> Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE state = 'sent'") == tickets + 1);
        gw.dispatch(); // one more pass: nothing is sent twice
        assertThat(back.all()).hasSize(tickets + 1);
        for (int i = 0; i < tickets; i++) {
          assertThat(back.all().stream().filter(TestMailbox.to("queued-" + i + "@example.com"))).as("queued-%d", i).hasSize(1);
        }
        assertThat(ids).allSatisfy(id -> assertThat(gw.ticket(id).getString("ack_state")).isEqualTo("sent"));
        JsonObject after = new JsonObject(gw.get("/health/ready", null).body());
        assertThat(check(after, "outbox").getJsonObject("data").getLong("pending")).isZero();
        assertThat(check(after, "smtp").getJsonObject("data").getBoolean("degraded", false)).isFalse();
      }
    }
  }

  @Test
  void ackThatRunsOutOfRetriesIsDeadLetteredVisiblyOnTheTicketHealthAndMetrics() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (TestGateway gw = TestGateway.start(TestPostgres.newDatabase(), Map.of(
        "VOXGATE_SMTP_URL", "smtp://127.0.0.1:" + closed, "VOXGATE_DISPATCH__BACKOFF", "PT0.05S",
        "VOXGATE_DISPATCH__POLL", "PT0.1S", "VOXGATE_DISPATCH__MAX_ATTEMPTS", "3"))) {
      String id = created(gw, "dead-1", "nobody@example.com");

      awaitTrue(() -> "dead".equals(gw.ticket(id).getString("ack_state")));
      var row = Psql.query(gw.dbUrl(), "SELECT state, attempts, last_error FROM outbox WHERE ticket_id = $1::uuid", id).get(0);
      assertThat(row.getString("state")).isEqualTo("dead");
      assertThat(row.getInteger("attempts")).isEqualTo(3);
      JsonObject ticket = gw.ticket(id);
      assertThat(ticket.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("type"))).contains("ack_dead");
      JsonObject ready = new JsonObject(gw.get("/health/ready", null).body());
      assertThat(check(ready, "outbox").getJsonObject("data").getLong("dead")).isEqualTo(1L);
      assertThat(gw.get("/metrics", null).body()).containsPattern("(?m)^voxgate_dispatch_messages_total\\{purpose=\"ack\",state=\"dead\",via=\"email\"} 1\\.0$");
    }
  }

  /** A gateway whose acknowledgements go to {@code port} and are retried every 0.3 s at most, for ever. */
  static TestGateway retryingAgainst(int port) {
    return TestGateway.start(TestPostgres.newDatabase(), Map.of(
        "VOXGATE_SMTP_URL", "smtp://127.0.0.1:" + port, "VOXGATE_SMTP__TIMEOUT", "PT2S",
        "VOXGATE_DISPATCH__BACKOFF", "PT0.1S", "VOXGATE_DISPATCH__BACKOFF_MAX", "PT0.3S",
        "VOXGATE_DISPATCH__POLL", "PT0.1S", "VOXGATE_DISPATCH__MAX_ATTEMPTS", "1000"));
  }

  static String created(TestGateway gw, String submission, String email) {
    var r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", submission).put("email", email)
        .put("subject", "Broken kettle").put("body", "The kettle I bought is broken, please help."));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("id");
  }

  static JsonObject check(JsonObject ready, String id) {
    return ready.getJsonArray("checks").stream().map(c -> (JsonObject) c).filter(c -> id.equals(c.getString("id")))
        .findFirst().orElseThrow(() -> new AssertionError("no check " + id + " in " + ready.encode()));
  }

  static void awaitTrue(BooleanSupplier condition) {
    Instant end = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) throw new AssertionError("condition not met within 20 s");
      try {
        Thread.sleep(50); // polling interval of a bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
