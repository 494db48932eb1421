package io.voxgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.db.Migrations;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What monitoring sees: liveness, readiness with a check per part, and Prometheus text. */
class OpsIT {
  static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void deadLetteredAcknowledgementsShowInReadinessAndMetrics() {
    HttpResponse<String> r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "ops-dead")
        .put("email", "dead@example.com").put("body", "ack will fail"));
    String id = new JsonObject(r.body()).getString("id");
    Psql.exec(gw.dbUrl(), "UPDATE outbox SET state = 'dead', last_error = 'smtp refused' WHERE ticket_id = '" + id + "'");

    JsonObject ready = new JsonObject(gw.get("/health/ready", null).body());
    JsonObject outbox = null;
    for (Object c : ready.getJsonArray("checks")) {
      if ("outbox".equals(((JsonObject) c).getString("id"))) outbox = (JsonObject) c;
    }
    assertThat(outbox).isNotNull();
    assertThat(outbox.getJsonObject("data").getLong("dead")).isEqualTo(1L);
    assertThat(gw.get("/metrics", null).body()).containsPattern("(?m)^voxgate_outbox_dead 1\\.0$");
  }

  @Test
  void liveAnswersUp() {
    HttpResponse<String> r = gw.get("/health/live", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("status", "UP"));
  }

  @Test
  void readyReportsDatabaseMigrationsOutboxAndEverySource() {
    HttpResponse<String> r = gw.get("/health/ready", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("status")).isEqualTo("UP");
    Map<String, JsonObject> checks = checks(body);
    java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of("database", "migrations", "outbox", "smtp", "calendar"));
    gw.gateway().shared().config().sources().forEach(s -> expected.add("source:" + s.id())); // every test source
    assertThat(checks.keySet()).containsExactlyInAnyOrderElementsOf(expected).contains("source:webform", "source:partner-form");
    checks.forEach((id, check) -> assertThat(check.getString("status")).as(id).isEqualTo("UP"));

    JsonObject migrations = checks.get("migrations").getJsonObject("data");
    assertThat(migrations.getInteger("expected")).isEqualTo(Migrations.latestVersion());
    assertThat(migrations.getInteger("applied")).isEqualTo(migrations.getInteger("expected"));
    assertThat(Psql.count(gw.dbUrl(), "SELECT max(version) FROM schema_migrations")).isEqualTo(Migrations.latestVersion());
    assertThat(checks.get("database").getJsonObject("data").getLong("latency_ms")).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(checks.get("outbox").getJsonObject("data").fieldNames()).contains("pending", "oldest_pending_seconds");
    assertThat(checks.get("source:webform").getJsonObject("data").getString("channel")).isEqualTo("webform");
  }

  @Test
  void readySourceCheckShowsTheLastAcceptedIntake() {
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> created = gw.postJson("/intake/webform", complaint("ops-source-1"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    JsonObject data = checks(new JsonObject(gw.get("/health/ready", null).body())).get("source:webform").getJsonObject("data");
    assertThat(Instant.parse(data.getString("last_success"))).isAfter(before);
    assertThat(data.getLong("accepted")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void readyOutboxCheckCountsPendingAcknowledgements() {
    HttpResponse<String> created = gw.postJson("/intake/webform", complaint("ops-outbox-1"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    // no dispatcher may have sent it meanwhile: compare with the database at the same moment, bounded
    Instant deadline = Instant.now().plusSeconds(10);
    long reported;
    long stored;
    do {
      JsonObject data = checks(new JsonObject(gw.get("/health/ready", null).body())).get("outbox").getJsonObject("data");
      reported = data.getLong("pending");
      stored = Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE state = 'pending'");
    } while (reported != stored && Instant.now().isBefore(deadline));
    assertThat(reported).isEqualTo(stored);
  }

  @Test
  void metricsAreValidPrometheusTextWithIntakeDatabaseAndHttpSeries() {
    HttpResponse<String> accepted = gw.postJson("/intake/webform", complaint("ops-metrics-1"));
    JsonObject noContact = complaint("ops-metrics-2");
    noContact.remove("email");
    noContact.remove("phone");
    HttpResponse<String> rejected = gw.postJson("/intake/webform", noContact);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
    gw.get("/health/ready", null); // refreshes the outbox gauges

    HttpResponse<String> r = gw.get("/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    Exposition m = Exposition.parse(r.body());

    assertThat(m.value("voxgate_intake_total", Map.of("channel", "webform", "source", "webform", "outcome", "created")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(m.value("voxgate_intake_total", Map.of("channel", "webform", "source", "webform", "outcome", "rejected")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(m.types).containsEntry("voxgate_intake_total", "counter")
        .containsEntry("voxgate_intake_latency_seconds", "histogram")
        .containsEntry("voxgate_outbox_backlog", "gauge")
        .containsEntry("voxgate_db_pool_max", "gauge");

    assertThat(m.samples("voxgate_intake_latency_seconds_bucket")).hasSizeGreaterThan(1);
    double count = m.value("voxgate_intake_latency_seconds_count", Map.of("channel", "webform")).orElseThrow();
    assertThat(count).isGreaterThanOrEqualTo(1);
    assertThat(m.value("voxgate_intake_latency_seconds_bucket", Map.of("channel", "webform", "le", "+Inf")))
        .as("the +Inf bucket holds every observation").hasValue(count);

    assertThat(m.value("voxgate_outbox_backlog", Map.of())).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(0));
    assertThat(m.value("voxgate_db_pool_max", Map.of()))
        .hasValue((double) gw.gateway().shared().config().database().poolSize());

    assertThat(m.value("vertx_http_server_requests_total", Map.of("code", "201", "method", "POST")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(m.value("vertx_http_server_requests_total", Map.of("code", "400", "method", "POST")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(m.samples("vertx_http_server_response_time_seconds_count")).isNotEmpty();

    Map<String, String> voxgatePool = Map.of("pool_name", "voxgate", "pool_type", "sql");
    assertThat(m.value("vertx_pool_completed_total", voxgatePool)).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(m.value("vertx_pool_in_use", voxgatePool)).hasValueSatisfying(v -> assertThat(v).isBetween(0.0, 16.0));
    assertThat(m.value("vertx_pool_queue_pending", voxgatePool)).isPresent();
    assertThat(m.value("vertx_pool_queue_time_seconds_count", voxgatePool)).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    assertThat(m.value("vertx_pool_ratio", voxgatePool)).hasValueSatisfying(v -> assertThat(v).isBetween(0.0, 1.0));
  }

  @Test
  void parserRefusesWhatPrometheusWouldRefuse() {
    // the line parser above must be able to fail
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exposition.parse("no_type_metric 1\n"))
        .hasMessageContaining("no # TYPE");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exposition.parse("# TYPE a gauge\na{x=\"1\" 1\n"))
        .hasMessageContaining("not a sample");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Exposition.parse("# TYPE a gauge\na one\n"))
        .hasMessageContaining("not a sample");
  }

  static JsonObject complaint(String submissionId) {
    return new JsonObject().put("submission_id", submissionId).put("kind", "complaint").put("name", "Ops Test")
        .put("email", "ops@example.com").put("body", "产品漏水，要求退款。");
  }

  static Map<String, JsonObject> checks(JsonObject ready) {
    JsonArray list = ready.getJsonArray("checks");
    assertThat(list).as("checks in %s", ready).isNotNull();
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject c = list.getJsonObject(i);
      assertThat(out.put(c.getString("id"), c)).as("duplicate check %s", c.getString("id")).isNull();
    }
    return out;
  }

  /** A strict-enough reader of the Prometheus text format 0.0.4. */
  static final class Exposition {
    private static final Pattern SAMPLE = Pattern.compile(
        "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\")*,?)?})?"
            + " (-?[0-9.]+(?:[eE][+-]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static Exposition parse(String text) {
      Exposition e = new Exposition();
      String[] lines = text.split("\n");
      for (int n = 0; n < lines.length; n++) {
        String line = lines[n];
        if (line.isEmpty() || line.startsWith("# HELP ")) continue;
        if (line.startsWith("#")) {
          Matcher t = TYPE.matcher(line);
          if (line.startsWith("# TYPE")) {
            if (!t.matches()) throw new AssertionError("line " + (n + 1) + ": bad TYPE line: " + line);
            if (e.types.put(t.group(1), t.group(2)) != null) throw new AssertionError("line " + (n + 1) + ": TYPE repeated: " + line);
          }
          continue;
        }
        Matcher s = SAMPLE.matcher(line);
        if (!s.matches()) throw new AssertionError("line " + (n + 1) + ": not a sample: " + line);
        String name = s.group(1);
        if (e.family(name) == null) throw new AssertionError("line " + (n + 1) + ": no # TYPE before " + name);
        Map<String, String> labels = new HashMap<>();
        if (s.group(2) != null) {
          Matcher l = LABEL.matcher(s.group(2));
          while (l.find()) labels.put(l.group(1), l.group(2));
        }
        e.samples.add(new Sample(name, labels, number(s.group(3))));
      }
      return e;
    }

    /** The declared family a sample belongs to, or null. */
    private String family(String sample) {
      if (types.containsKey(sample)) return sample;
      for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
        if (sample.endsWith(suffix)) {
          String base = sample.substring(0, sample.length() - suffix.length());
          String type = types.get(base);
          if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) return base;
        }
      }
      return null;
    }

    private static double number(String v) {
      return switch (v) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(v);
      };
    }

    List<Sample> samples(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
    }

    /** The value of the one sample with exactly these labels. */
    Optional<Double> value(String name, Map<String, String> labels) {
      List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
      if (found.size() > 1) throw new AssertionError("more than one " + name + labels);
      return found.stream().map(Sample::value).findFirst();
    }
  }
}
