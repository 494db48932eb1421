package io.voxgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops under a running gateway and comes back: intake answers 503 (never 500, never a
 * lie), readiness goes DOWN and back UP, and the gateway recovers without a restart.
 */
class DatabaseOutageIT {
  private StoppableDatabase postgres;
  private TestGateway gw;

  @AfterEach
  void stop() throws IOException {
    if (gw != null) gw.close();
    if (postgres != null) postgres.close();
  }

  @Test
  void answers503WhileThePostgresIsDownAndRecoversWithoutRestart() throws Exception {
    postgres = StoppableDatabase.start("outage");
    String url = postgres.url();
    gw = TestGateway.start(url, Map.of());
    List<String> acknowledged = new ArrayList<>();

    HttpResponse<String> before = gw.postJson("/intake/webform", form("before-outage"));
    assertThat(before.statusCode()).as(before.body()).isEqualTo(201);
    acknowledged.add("before-outage");

    postgres.stop();

    HttpResponse<String> down = until(Duration.ofSeconds(15), () -> gw.postJson("/intake/webform", form("during-outage")),
        r -> r.statusCode() != 201 && r.statusCode() != 200);
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
    JsonObject error = new JsonObject(down.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("unavailable");
    assertThat(error.getString("message")).isNotBlank();

    Instant started = Instant.now();
    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      JsonObject body = form("during-outage-burst-" + i);
      burst.add(CompletableFuture.supplyAsync(() -> gw.postJson("/intake/webform", body)));
    }
    for (CompletableFuture<HttpResponse<String>> f : burst) {
      HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as("every try while down: %s", r.body()).isEqualTo(503);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("unavailable");
    }
    assertThat(Duration.between(started, Instant.now())).as("senders are not kept waiting").isLessThan(Duration.ofSeconds(10));

    HttpResponse<String> ready = until(Duration.ofSeconds(15), () -> gw.get("/health/ready", null), r -> r.statusCode() == 503);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    assertThat(check(ready, "database").getString("status")).isEqualTo("DOWN");
    assertThat(gw.get("/health/live", null).statusCode()).as("the process itself is alive").isEqualTo(200);

    postgres.restart();
    Instant databaseBack = Instant.now();

    HttpResponse<String> retried = until(Duration.ofSeconds(30), () -> gw.postJson("/intake/webform", form("during-outage")),
        r -> r.statusCode() == 201 || r.statusCode() == 200);
    assertThat(retried.statusCode()).as("the sender's retry is a new ticket: nothing was stored by the 503; %s", retried.body())
        .isEqualTo(201);
    assertThat(Duration.between(databaseBack, Instant.now())).as("intake is back soon after the database")
        .isLessThan(Duration.ofSeconds(5));
    acknowledged.add("during-outage");
    HttpResponse<String> after = gw.postJson("/intake/webform", form("after-outage"));
    assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
    acknowledged.add("after-outage");

    HttpResponse<String> readyAgain = until(Duration.ofSeconds(15), () -> gw.get("/health/ready", null), r -> r.statusCode() == 200);
    assertThat(readyAgain.statusCode()).as(readyAgain.body()).isEqualTo(200);
    assertThat(check(readyAgain, "database").getString("status")).isEqualTo("UP");

    long tickets = Psql.count(url, "SELECT count(*) FROM tickets");
    assertThat(Psql.count(url, "SELECT count(*) FROM raw_inputs")).isEqualTo(tickets);
    assertThat(Psql.count(url, "SELECT count(*) FROM outbox")).isEqualTo(tickets);
    assertThat(Psql.count(url, "SELECT count(*) FROM timeline WHERE type = 'received'")).isEqualTo(tickets);
    assertThat(Psql.query(url, "SELECT external_id FROM tickets").stream().map(r -> r.getString(0)).toList())
        .containsExactlyInAnyOrderElementsOf(acknowledged);
  }

  private static JsonObject form(String submissionId) {
    return new JsonObject().put("submission_id", submissionId).put("kind", "complaint").put("name", "张三")
        .put("phone", "13900139000").put("body", "停电期间提交的投诉 " + submissionId);
  }

  private static JsonObject check(HttpResponse<String> ready, String id) {
    JsonArray checks = new JsonObject(ready.body()).getJsonArray("checks");
    assertThat(checks).as(ready.body()).isNotNull();
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) return checks.getJsonObject(i);
    }
    throw new AssertionError("no check " + id + " in " + ready.body());
  }

  /** Repeats the call until the answer satisfies {@code done} or the time is up; returns the last answer. */
  private static <T> T until(Duration limit, Supplier<T> call, Predicate<T> done) {
    Instant deadline = Instant.now().plus(limit);
    T last = call.get();
    while (!done.test(last) && Instant.now().isBefore(deadline)) {
      pause();
      last = call.get();
    }
    return last;
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
