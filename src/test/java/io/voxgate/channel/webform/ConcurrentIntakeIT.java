package io.voxgate.channel.webform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentIntakeIT {

  @Test
  void fiftyParallelIdenticalSubmissionsMakeOneTicket() throws Exception {
    try (TestGateway gw = TestGateway.start()) {
      JsonObject body = new JsonObject().put("submission_id", "same-50").put("email", "c@example.com")
          .put("body", "同一份投诉提交了五十次");
      ExecutorService pool = Executors.newFixedThreadPool(50);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(pool.submit(() -> {
          go.await();
          return gw.postJson("/intake/webform", body);
        }));
      }
      go.countDown();
      int created = 0;
      int repeated = 0;
      JsonObject first = null;
      for (Future<HttpResponse<String>> f : calls) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        if (r.statusCode() == 201) created++;
        if (r.statusCode() == 200) repeated++;
        JsonObject answer = new JsonObject(r.body());
        if (first == null) first = answer;
        assertThat(answer).isEqualTo(first);
      }
      pool.shutdown();

      assertThat(created).isEqualTo(1);
      assertThat(repeated).isEqualTo(49);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets")).isEqualTo(1);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox")).isEqualTo(1);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM raw_inputs")).isEqualTo(1);
    }
  }

  @Test
  void manyDifferentSubmissionsAtOnceAreAllStoredWithTheirOwnNumbers() throws Exception {
    try (TestGateway gw = TestGateway.start()) {
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        JsonObject body = new JsonObject().put("submission_id", "many-" + i).put("phone", "1390000" + (1000 + i))
            .put("body", "第 " + i + " 份投诉");
        calls.add(pool.submit(() -> gw.postJson("/intake/webform", body)));
      }
      java.util.Set<String> numbers = new java.util.HashSet<>();
      for (Future<HttpResponse<String>> f : calls) {
        HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        numbers.add(new JsonObject(r.body()).getString("number"));
      }
      pool.shutdown();
      assertThat(numbers).hasSize(200);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets")).isEqualTo(200);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox")).isEqualTo(200);
    }
  }

  @Test
  void rateLimitsEachClientAddressWith429AndRetryAfter() {
    try (TestGateway gw = TestGateway.start(io.voxgate.support.TestPostgres.newDatabase(), Map.of("TEST_WEBFORM_RATE", "3"))) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> ok = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "rl-" + i)
            .put("email", "r@example.com").put("body", "x"));
        assertThat(ok.statusCode()).isEqualTo(201);
      }
      HttpResponse<String> limited = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "rl-4")
          .put("email", "r@example.com").put("body", "x"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").get())).isBetween(1, 60);
      assertThat(new JsonObject(limited.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets")).isEqualTo(3);
    }
  }
}
