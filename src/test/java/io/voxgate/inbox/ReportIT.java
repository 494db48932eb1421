package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.support.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weekly report over a hand-made week (Monday 2026-11-09 to Sunday 2026-11-15, Asia/Shanghai =
 * UTC+8); every expected figure below was counted by hand from the fixture rows.
 */
class ReportIT {
  static TestGateway gw;
  static InboxFixtures fx;
  static String supervisor;
  static String agent;

  static OffsetDateTime t(String utc) {
    return OffsetDateTime.parse(utc);
  }

  @BeforeAll
  static void start() {
    gw = TestGateway.start(io.voxgate.support.TestPostgres.newDatabase(), java.util.Map.of("VOXGATE_INBOX__VOLUME__WEEK", "200"));
    fx = new InboxFixtures(gw);
    supervisor = InboxFixtures.issue(gw, "sup", "supervisor");
    agent = InboxFixtures.issue(gw, "agent", "agent");
    UUID t1 = fx.ticket("complaint", "phone", t("2026-11-08T16:00:00Z"), "quality", "general", "quality", "resolved"); // Mon 00:00 local
    UUID t2 = fx.ticket("complaint", "email", t("2026-11-10T02:00:00Z"), "non_quality", "important", "service", "resolved");
    UUID t3 = fx.ticket("enquiry", "email", t("2026-11-10T05:00:00Z"), "other", "general", "customer-service", "closed");
    UUID t4 = fx.ticket("complaint", "webform", t("2026-11-12T08:00:00Z"), "quality", "major", "quality-management", "resolved");
    UUID t5 = fx.ticket("report", "letter", t("2026-11-14T01:00:00Z"), "other", "general", "leadership", "in_progress");
    fx.ticket("potential", "forum", t("2026-11-15T15:59:59Z"), "quality", "general", "研发,二部", "new"); // Sun 23:59:59 local
    UUID x1 = fx.ticket("complaint", "phone", t("2026-11-08T15:59:59Z"), "quality", "general", "quality", "closed"); // Sun before
    fx.ticket("complaint", "email", t("2026-11-15T16:00:00Z"), "quality", "general", "quality", "new"); // Mon after

    clock(t1, "ack", "2026-11-09T01:00:00Z", "met");
    clock(t2, "ack", "2026-11-10T03:00:00Z", "met");
    clock(t3, "ack", "2026-11-10T06:00:00Z", "missed");
    clock(t4, "ack", "2026-11-12T09:00:00Z", "met");
    clock(t1, "resolution", "2026-11-13T00:00:00Z", "missed");
    clock(t2, "resolution", "2026-11-14T00:00:00Z", "met");
    clock(x1, "ack", "2026-11-08T15:00:00Z", "met"); // due before the week
    clock(t4, "resolution", "2026-11-20T00:00:00Z", "met"); // due after the week
    clock(t5, "ack", "2026-11-14T02:00:00Z", null); // still running

    visit(t1, "2026-11-11T02:00:00Z", true, 5, null);
    visit(t2, "2026-11-12T02:00:00Z", true, 4, true);
    visit(t4, "2026-11-13T02:00:00Z", true, 2, false);
    visit(t3, "2026-11-13T03:00:00Z", false, null, null);
    visit(x1, "2026-11-16T00:00:00Z", true, 1, false); // Mon 08:00 local: next week
  }

  static void clock(UUID id, String clock, String due, String outcome) {
    fx.sql("INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at, stopped_at, outcome) "
        + "VALUES ($1, $2, $3::timestamptz - interval '1 hour', $3::timestamptz, CASE WHEN $4::text IS NULL THEN NULL ELSE $3::timestamptz END, $4)",
        id, clock, t(due), outcome);
  }

  static void visit(UUID id, String at, boolean reached, Integer satisfaction, Boolean late) {
    fx.sql("INSERT INTO return_visits (ticket_id, at, actor, reached, satisfaction, late) VALUES ($1, $2, 'fixture', $3, $4, $5)",
        id, t(at), reached, satisfaction == null ? null : satisfaction.shortValue(), late);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static JsonObject report(String query) {
    HttpResponse<String> r = gw.get("/api/v1/reports" + query, supervisor);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void countsTheWeekMondayToSundayInShanghai() {
    JsonObject r = report("?period=week&from=2026-11-11"); // volume from inbox.volume.week
    assertThat(r.getString("from")).isEqualTo("2026-11-09");
    assertThat(r.getString("to")).isEqualTo("2026-11-15");
    assertThat(r.getLong("total")).isEqualTo(6);
    JsonObject c = r.getJsonObject("counts");
    assertThat(c.getJsonObject("channel")).isEqualTo(new JsonObject("{\"phone\":1,\"email\":2,\"webform\":1,\"letter\":1,\"forum\":1}"));
    assertThat(c.getJsonObject("kind")).isEqualTo(new JsonObject("{\"complaint\":3,\"enquiry\":1,\"report\":1,\"potential\":1}"));
    assertThat(c.getJsonObject("category")).isEqualTo(new JsonObject("{\"quality\":3,\"non_quality\":1,\"other\":2}"));
    assertThat(c.getJsonObject("severity")).isEqualTo(new JsonObject("{\"general\":4,\"important\":1,\"major\":1}"));
    assertThat(c.getJsonObject("department")).isEqualTo(new JsonObject("{\"quality\":1,\"service\":1,\"customer-service\":1,"
        + "\"quality-management\":1,\"leadership\":1,\"研发,二部\":1}"));

    JsonArray daily = r.getJsonArray("daily");
    assertThat(daily).hasSize(7);
    assertThat(daily.getJsonObject(0).getString("date")).isEqualTo("2026-11-09");
    assertThat(daily.getJsonObject(0).getJsonObject("channels").getLong("phone")).isEqualTo(1);
    assertThat(daily.getJsonObject(1).getJsonObject("channels").getLong("email")).isEqualTo(2);
    assertThat(daily.getJsonObject(2).getJsonObject("channels")).isEqualTo(new JsonObject("{\"phone\":0,\"email\":0,\"webform\":0,\"letter\":0,\"forum\":0}"));
    assertThat(daily.getJsonObject(3).getJsonObject("channels").getLong("webform")).isEqualTo(1);
    assertThat(daily.getJsonObject(5).getJsonObject("channels").getLong("letter")).isEqualTo(1);
    assertThat(daily.getJsonObject(6).getJsonObject("channels").getLong("forum")).isEqualTo(1);

    assertThat(r.getJsonArray("deadlines")).isEqualTo(new JsonArray("[{\"clock\":\"ack\",\"met\":3,\"missed\":1},"
        + "{\"clock\":\"resolution\",\"met\":1,\"missed\":1}]"));
    JsonObject timeliness = r.getJsonObject("timeliness");
    assertThat(timeliness.getLong("met")).isEqualTo(4);
    assertThat(timeliness.getLong("missed")).isEqualTo(2);
    assertThat(timeliness.getDouble("rate")).isEqualTo(0.6667);
    assertThat(timeliness.getDouble("target")).isEqualTo(0.9);
    assertThat(timeliness.getBoolean("meets_target")).isFalse();

    JsonObject satisfaction = r.getJsonObject("satisfaction");
    assertThat(satisfaction.getLong("visits")).isEqualTo(4);
    assertThat(satisfaction.getLong("reached")).isEqualTo(3);
    assertThat(satisfaction.getLong("rated")).isEqualTo(3);
    assertThat(satisfaction.getLong("satisfied")).isEqualTo(2);
    assertThat(satisfaction.getLong("late")).isEqualTo(1);
    assertThat(satisfaction.getDouble("rate")).isEqualTo(0.6667);
    assertThat(satisfaction.getBoolean("meets_target")).isFalse();

    JsonObject complaints = r.getJsonObject("complaint_rate");
    assertThat(complaints.getLong("complaints")).isEqualTo(3);
    assertThat(complaints.getDouble("rate")).isEqualTo(0.015);
    assertThat(complaints.getLong("volume")).isEqualTo(200);
    assertThat(complaints.getBoolean("meets_target")).isTrue();
    JsonObject given = report("?period=week&from=2026-11-11&volume=100").getJsonObject("complaint_rate");
    assertThat(given.getDouble("rate")).isEqualTo(0.03);
    assertThat(given.getBoolean("meets_target")).as("the complaint rate must stay below 3 %").isFalse();
  }

  @Test
  void monthAndQuarterCoverTheirCalendarSpans() {
    assertThat(report("?period=month&from=2026-11-30").getLong("total")).isEqualTo(8);
    assertThat(report("?period=month&from=2026-11-30").getString("from")).isEqualTo("2026-11-01");
    assertThat(report("?period=quarter&from=2026-11-30").getString("from")).isEqualTo("2026-10-01");
    assertThat(report("?period=quarter&from=2026-11-30").getString("to")).isEqualTo("2026-12-31");
    JsonObject october = report("?period=month&from=2026-10-05");
    assertThat(october.getLong("total")).isZero();
    assertThat(october.getJsonObject("timeliness").getValue("rate")).isNull();
    assertThat(october.getValue("complaint_rate")).isNull();
  }

  @Test
  void writesCsvForExcelWithBomAndRfc4180Quoting() {
    HttpResponse<byte[]> r;
    try {
      r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/reports?period=week&from=2026-11-09")))
          .header("Authorization", "Bearer " + supervisor).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    byte[] b = r.body();
    assertThat(new byte[] {b[0], b[1], b[2]}).containsExactly(0xEF, 0xBB, 0xBF);
    String csv = new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(csv).doesNotContain("\n\n").endsWith("\r\n");
    assertThat(lines.get(0)).isEqualTo("section,key,detail,value,target");
    assertThat(lines).contains("period,week,2026-11-09/2026-11-15,,", "total,tickets,,6,", "channel,email,,2,",
        "department,\"研发,二部\",,1,", "daily,2026-11-10,email,2,", "deadline,ack,missed,1,",
        "rate,timeliness,,0.6667,0.9", "rate,satisfaction,,0.6667,0.85");
    for (String line : lines) assertThat(columns(line)).as(line).isEqualTo(5);

    HttpResponse<String> byParam = gw.get("/api/v1/reports?period=week&from=2026-11-09&format=csv", supervisor);
    assertThat(byParam.body()).isEqualTo("\uFEFF" + csv);
  }

  /** Fields of one RFC 4180 line (no line breaks inside fields here). */
  static int columns(String line) {
    int n = 1;
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) n++;
    }
    return n;
  }

  @Test
  void refusesBadParametersAndAgents() {
    assertThat(gw.get("/api/v1/reports?period=year", supervisor).statusCode()).isEqualTo(400);
    assertThat(gw.get("/api/v1/reports?from=11/09/2026", supervisor).statusCode()).isEqualTo(400);
    assertThat(gw.get("/api/v1/reports?volume=0", supervisor).statusCode()).isEqualTo(400);
    assertThat(gw.get("/api/v1/reports", agent).statusCode()).isEqualTo(403);
  }

  @Test
  void listsEveryComplaintResolvedLastWeekAndAStableSampleOfOpenOnes() {
    OffsetDateTime old = t("2026-07-01T00:00:00Z");
    UUID r1 = fx.ticket("complaint", "email", old, "quality", "general", "quality", "resolved");
    UUID r2 = fx.ticket("complaint", "email", old, "quality", "general", "quality", "closed");
    UUID r3 = fx.ticket("complaint", "email", old, "quality", "general", "quality", "resolved");
    UUID r4 = fx.ticket("enquiry", "email", old, "other", "general", "quality", "resolved");
    fx.sql("UPDATE tickets SET resolved_at = '2026-11-10T00:00:00Z' WHERE id = $1 OR id = $2", r1, r4);
    fx.sql("UPDATE tickets SET resolved_at = '2026-11-15T15:59:59Z' WHERE id = $1", r2);
    fx.sql("UPDATE tickets SET resolved_at = '2026-11-15T16:00:00Z' WHERE id = $1", r3); // Monday after, local
    List<String> open = new ArrayList<>();
    for (int i = 0; i < 60; i++) open.add(fx.ticket("complaint", "email", old, "quality", "general", "quality", "in_progress").toString());

    fx.sql("INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at) VALUES ($1, 'return_visit', '2026-11-10T00:00:00Z', '2026-11-11T01:00:00Z')", r1);
    JsonObject due = due("?week=2026-11-18");
    JsonObject first = due.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(r1.toString())).findFirst().orElseThrow();
    assertThat(first.getString("visit_due_at")).isEqualTo("2026-11-11T01:00:00Z");
    assertThat(first.getBoolean("visited")).isFalse();
    assertThat(due.getString("week_from")).isEqualTo("2026-11-09");
    List<String> resolved = items(due, "resolved");
    assertThat(resolved).containsExactlyInAnyOrder(r1.toString(), r2.toString());
    List<String> sample = items(due, "sample");
    assertThat(open).containsAll(sample);
    assertThat(sample.size()).isBetween(3, 25); // 20 % of 60, of a hash
    assertThat(items(due("?week=2026-11-18"), "sample")).isEqualTo(sample);
    assertThat(items(due("?week=2026-11-18&sample_percent=100"), "sample")).containsAll(open);
    assertThat(items(due("?week=2026-11-18&sample_percent=0"), "sample")).isEmpty();
    assertThat(gw.get("/api/v1/visits/due?sample_percent=101", supervisor).statusCode()).isEqualTo(400);
  }

  static JsonObject due(String q) {
    HttpResponse<String> r = gw.get("/api/v1/visits/due" + q, supervisor);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static List<String> items(JsonObject due, String reason) {
    return due.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(o -> o.getString("reason").equals(reason))
        .map(o -> o.getString("id")).toList();
  }
}
