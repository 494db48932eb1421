package io.voxgate.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.net.http.HttpResponse;
import java.time.ZoneId;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateway instances on one database hand out ticket numbers from one sequence. */
class TicketNumbersAcrossGatewaysIT {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Pattern NUMBER = Pattern.compile("TS-(\\d{8})-(\\d{5,})");
  static String db;
  static TestGateway a;
  static TestGateway b;

  @BeforeAll
  static void start() {
    db = TestPostgres.newDatabase();
    a = TestGateway.start(db, Map.of());
    b = TestGateway.start(db, Map.of());
  }

  @AfterAll
  static void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  @Test
  void concurrentSubmissionsOverBothGatewaysGetUniqueNumbersOfToday() throws Exception {
    Set<String> days = shanghaiDaysAround(() -> {
      ExecutorService pool = Executors.newFixedThreadPool(20);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          TestGateway gw = i % 2 == 0 ? a : b;
          JsonObject form = form("both-" + i);
          calls.add(pool.submit(() -> {
            go.await();
            return gw.postJson("/intake/webform", form);
          }));
        }
        go.countDown();
        List<String> numbers = new ArrayList<>();
        for (Future<HttpResponse<String>> f : calls) {
          HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
          numbers.add(new JsonObject(r.body()).getString("number"));
        }
        return numbers;
      } finally {
        pool.shutdownNow();
      }
    });
    List<String> numbers = lastResult();

    assertThat(numbers).hasSize(100).doesNotHaveDuplicates();
    for (String n : numbers) {
      Matcher m = NUMBER.matcher(n);
      assertThat(m.matches()).as(n).isTrue();
      assertThat(days).as("day part of %s is today in Asia/Shanghai", n).contains(m.group(1));
    }
    List<String> stored = Psql.query(db, "SELECT number FROM tickets WHERE external_id LIKE 'both-%'").stream()
        .map(r -> r.getString(0)).toList();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(numbers);
    assertThat(Psql.count(db, "SELECT count(DISTINCT number) FROM tickets"))
        .isEqualTo(Psql.count(db, "SELECT count(*) FROM tickets"));
  }

  @Test
  void sequentialSubmissionsGetIncreasingNumbersWithinAndAcrossGateways() {
    List<Long> onA = new ArrayList<>();
    for (int i = 0; i < 5; i++) onA.add(counter(submit(a, "seq-a-" + i)));
    assertThat(onA).isSorted().doesNotHaveDuplicates();

    List<Long> alternating = new ArrayList<>();
    for (int i = 0; i < 6; i++) alternating.add(counter(submit(i % 2 == 0 ? a : b, "seq-ab-" + i)));
    assertThat(alternating).isSorted().doesNotHaveDuplicates();
    assertThat(alternating.get(0)).isGreaterThan(onA.get(onA.size() - 1));
  }

  @Test
  void redeliveryToTheOtherGatewayAnswersTheSameNumber() {
    HttpResponse<String> first = a.postJson("/intake/webform", form("redeliver-other"));
    HttpResponse<String> again = b.postJson("/intake/webform", form("redeliver-other"));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getString("number")).isEqualTo(new JsonObject(first.body()).getString("number"));
  }

  private static String submit(TestGateway gw, String id) {
    HttpResponse<String> r = gw.postJson("/intake/webform", form(id));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("number");
  }

  private static long counter(String number) {
    Matcher m = NUMBER.matcher(number);
    assertThat(m.matches()).as(number).isTrue();
    return Long.parseLong(m.group(2));
  }

  private static JsonObject form(String submissionId) {
    return new JsonObject().put("submission_id", submissionId).put("kind", "complaint")
        .put("phone", "13800138000").put("body", "编号测试 " + submissionId);
  }

  // the day may change in Shanghai while the test runs: accept the day at start and at end
  private interface Body {
    List<String> run() throws Exception;
  }

  private List<String> result;

  private Set<String> shanghaiDaysAround(Body body) throws Exception {
    Set<String> days = new HashSet<>();
    days.add(LocalDate.now(SHANGHAI).format(DateTimeFormatter.BASIC_ISO_DATE));
    result = body.run();
    days.add(LocalDate.now(SHANGHAI).format(DateTimeFormatter.BASIC_ISO_DATE));
    return days;
  }

  private List<String> lastResult() {
    return result;
  }
}
