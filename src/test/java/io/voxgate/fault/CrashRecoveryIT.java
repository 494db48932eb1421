package io.voxgate.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestMailbox;
import io.voxgate.support.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway is killed with SIGKILL in the middle of sustained intake (200 req/s) and started
 * again; senders retry on errors as real senders do. Nothing acknowledged with a 2xx may be lost,
 * a retry must not make a second ticket, no ticket may lack its acknowledgement outbox row, and
 * every acknowledgement is sent after the restart (at most one twice: the one in flight).
 */
class CrashRecoveryIT {
  private static final int SUBMISSIONS = 600;
  private static final int RATE_PER_SECOND = 200;
  @TempDir
  Path tmp;

  record Outcome(int status, String id) {
  }

  @Test
  void killDuringIntakeLosesNothingAndEveryAckIsSentAfterRestart() throws Exception {
    String db = TestPostgres.newDatabase();
    int port = GatewayProcess.freePort();
    TestMailbox mail = TestMailbox.start();
    Map<String, String> env = Map.of(
        "VOXGATE_SMTP_URL", mail.url(),
        // the default dispatch settings (batch 1 × lanes 1): a crash re-sends at most the one ack in flight
        "VOXGATE_DB_URL", db, "VOXGATE_HTTP_PORT", String.valueOf(port),
        "VOXGATE_DATA_DIR", Files.createDirectories(tmp.resolve("data")).toString(),
        "VOXGATE_CHANNELS_DIR", Path.of("src/test/resources/channels").toAbsolutePath().toString(),
        "VOXGATE_CONF_DIR", Path.of("conf").toAbsolutePath().toString(),
        "VOXGATE_SERVER__HOST", "127.0.0.1",
        "TEST_PARTNER_SECRET", "unused");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
    AtomicInteger errorsSeen = new AtomicInteger();

    try (mail; GatewayProcess gateway = new GatewayProcess(env, tmp.resolve("gateway.log"))) {
      gateway.start();
      ExecutorService senders = Executors.newFixedThreadPool(64);
      long started = System.nanoTime();
      for (int i = 0; i < SUBMISSIONS; i++) {
        int n = i;
        long at = started + TimeUnit.MILLISECONDS.toNanos(1000L * i / RATE_PER_SECOND);
        senders.submit(() -> {
          sleepUntil(at);
          outcomes.put(n, submitWithRetry(http, port, n, errorsSeen));
          return null;
        });
      }
      Thread.sleep(1_000);
      gateway.kill();
      gateway.start();
      senders.shutdown();
      assertThat(senders.awaitTermination(90, TimeUnit.SECONDS)).as("every sender finished").isTrue();

      assertThat(errorsSeen.get()).as("the crash was felt by the senders").isPositive();
      assertThat(outcomes).hasSize(SUBMISSIONS);
      assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isIn(200, 201));

      // Every acknowledged submission is stored once, under the id the sender was given.
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets")).isEqualTo(SUBMISSIONS);
      for (var e : outcomes.entrySet()) {
        assertThat(Psql.query(db, "SELECT id::text FROM tickets WHERE source = 'webform' AND external_id = $1",
            "crash-" + e.getKey()).get(0).getString(0)).isEqualTo(e.getValue().id());
      }
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets t WHERE NOT EXISTS "
          + "(SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.purpose = 'ack')")).isZero();
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets t WHERE NOT EXISTS "
          + "(SELECT 1 FROM raw_inputs r WHERE r.ticket_id = t.id)")).isZero();

      // Every acknowledgement goes out after the restart; a crash may repeat the one being sent.
      List<jakarta.mail.internet.MimeMessage> acks = mail.awaitCount(SUBMISSIONS, Duration.ofSeconds(90));
      Set<String> recipients = new HashSet<>();
      for (var m : acks) recipients.add(m.getAllRecipients()[0].toString());
      assertThat(recipients).hasSize(SUBMISSIONS);
      assertThat(acks.size()).as("acknowledgements sent twice (at most one per crash)").isBetween(SUBMISSIONS, SUBMISSIONS + 1);
      assertThat(Psql.count(db, "SELECT count(*) FROM outbox WHERE purpose = 'ack' AND state <> 'sent'")).isZero();

      // A late retry of an acknowledged submission answers 200 with the same ticket.
      for (int n : List.of(0, SUBMISSIONS / 2, SUBMISSIONS - 1)) {
        HttpResponse<String> again = post(http, port, n);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(outcomes.get(n).id());
      }
    }
  }

  private static Outcome submitWithRetry(HttpClient http, int port, int n, AtomicInteger errors)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = post(http, port, n);
        if (r.statusCode() == 200 || r.statusCode() == 201) {
          return new Outcome(r.statusCode(), new JsonObject(r.body()).getString("id"));
        }
        errors.incrementAndGet();
      } catch (Exception connectionLost) {
        errors.incrementAndGet();
      }
      Thread.sleep(100);
    }
    return new Outcome(-1, null);
  }

  private static HttpResponse<String> post(HttpClient http, int port, int n) throws Exception {
    JsonObject body = new JsonObject().put("submission_id", "crash-" + n).put("kind", "complaint")
        .put("name", "张三").put("email", "c" + n + "@example.com")
        .put("subject", "断电后仍需记录 " + n).put("body", "产品质量问题，要求退款。");
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/intake/webform"))
            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
  }
}
