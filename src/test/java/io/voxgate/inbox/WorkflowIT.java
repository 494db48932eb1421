package io.voxgate.inbox;

import static io.voxgate.inbox.InboxFixtures.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkflowIT {
  static TestGateway gw;
  static InboxFixtures fx;
  static String agent;
  static String supervisor;

  /** The lifecycle as the procedures describe it, written out independently of the code. */
  static final Map<String, List<String>> LEGAL = Map.of(
      "new", List.of("acknowledged", "in_progress", "escalated"),
      "acknowledged", List.of("in_progress", "escalated"),
      "in_progress", List.of("replied", "resolved", "escalated"),
      "replied", List.of("in_progress", "resolved", "escalated"),
      "resolved", List.of("closed", "reopened"),
      "closed", List.of("reopened"),
      "escalated", List.of("in_progress", "replied", "resolved"),
      "reopened", List.of("in_progress", "escalated", "resolved"));

  @BeforeAll
  static void start() {
    gw = TestGateway.start(io.voxgate.support.TestPostgres.newDatabase(), Map.of("VOXGATE_INBOX__TEXT_LIMIT", "500"));
    fx = new InboxFixtures(gw);
    agent = InboxFixtures.issue(gw, "agent-q", "agent", "quality");
    supervisor = InboxFixtures.issue(gw, "sup", "supervisor");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void checksEveryStatusTransitionAgainstTheLifecycle() {
    UUID id = fx.ticket("quality", "new");
    for (String from : LEGAL.keySet()) {
      for (String to : LEGAL.keySet()) {
        if (from.equals(to)) continue;
        fx.sql("UPDATE tickets SET status = $2 WHERE id = $1", id, from);
        HttpResponse<String> r = fx.patch(id, new JsonObject().put("status", to), agent, null);
        String stored = Psql.query(gw.dbUrl(), "SELECT status FROM tickets WHERE id = $1", id).get(0).getString(0);
        if (LEGAL.get(from).contains(to)) {
          assertThat(r.statusCode()).as(from + " -> " + to + ": " + r.body()).isEqualTo(200);
          assertThat(stored).isEqualTo(to);
          assertThat(new JsonObject(r.body()).getString("status")).isEqualTo(to);
        } else {
          assertThat(r.statusCode()).as(from + " -> " + to).isEqualTo(409);
          JsonObject err = new JsonObject(r.body()).getJsonObject("error");
          assertThat(err.getString("code")).isEqualTo("illegal_transition");
          assertThat(err.getString("message")).contains("'" + from + "'", "'" + to + "'");
          assertThat(err.getString("field")).isEqualTo("status");
          assertThat(stored).isEqualTo(from);
        }
      }
    }
    long audited = Psql.count(gw.dbUrl(), "SELECT count(*) FROM timeline WHERE ticket_id = $1 AND type = 'status_changed'", id);
    assertThat(audited).isEqualTo(LEGAL.values().stream().mapToInt(List::size).sum());
  }

  @Test
  void resolvingStampsTheResolutionTime() {
    UUID id = fx.ticket("quality", "in_progress");
    assertThat(fx.patch(id, new JsonObject().put("status", "resolved"), agent, null).statusCode()).isEqualTo(200);
    assertThat(Psql.query(gw.dbUrl(), "SELECT resolved_at FROM tickets WHERE id = $1", id).get(0).getOffsetDateTime(0)).isNotNull();
  }

  @Test
  void refusesAStaleWriteWith412() {
    UUID id = fx.ticket("quality", "new");
    HttpResponse<String> get = gw.get("/api/v1/tickets/" + id, agent);
    String etag = get.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"1\"");
    HttpResponse<String> first = fx.patch(id, new JsonObject().put("status", "acknowledged"), agent, etag);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");

    HttpResponse<String> stale = fx.patch(id, new JsonObject().put("assignee", "王芳"), agent, etag);
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(errorCode(stale)).isEqualTo("stale");
    Row t = Psql.query(gw.dbUrl(), "SELECT assignee, version FROM tickets WHERE id = $1", id).get(0);
    assertThat(t.getString("assignee")).isNull();
    assertThat(t.getInteger("version")).isEqualTo(2);
  }

  @Test
  void assignsAndFiltersByAssignee() {
    UUID id = fx.ticket("quality", "new");
    HttpResponse<String> r = fx.patch(id, new JsonObject().put("assignee", "李娜"), agent, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray items = new JsonObject(gw.get("/api/v1/tickets?assignee=" + InboxApiIT.q("李娜"), agent).body()).getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("id")).isEqualTo(id.toString());
    JsonObject entry = lastEntry(id, "assigned");
    assertThat(entry.getString("assignee")).isEqualTo("李娜");
    assertThat(entry.getString("from_assignee")).isNull();

    HttpResponse<String> elsewhere = fx.patch(id, new JsonObject().put("department", "service"), agent, null);
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(fx.patch(id, new JsonObject().put("department", "service"), supervisor, null).statusCode()).isEqualTo(200);
    assertThat(gw.get("/api/v1/tickets/" + id, agent).statusCode()).isEqualTo(404);
  }

  @Test
  void onlyASupervisorOverridesSeverityAndCategoryWithAReasonOnTheTimeline() {
    UUID id = fx.ticket("quality", "new");
    JsonObject change = new JsonObject().put("severity", "major").put("reason", "媒体已介入");
    HttpResponse<String> byAgent = fx.patch(id, change, agent, null);
    assertThat(byAgent.statusCode()).isEqualTo(403);
    HttpResponse<String> noReason = fx.patch(id, new JsonObject().put("category", "other"), supervisor, null);
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noReason.body()).getJsonObject("error").getString("field")).isEqualTo("reason");

    HttpResponse<String> ok = fx.patch(id, change, supervisor, null);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("severity")).isEqualTo("major");
    List<Row> audit = Psql.query(gw.dbUrl(), "SELECT actor, data FROM timeline WHERE ticket_id = $1 AND type = 'override'", id);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).getString("actor")).isEqualTo("sup");
    assertThat(audit.get(0).getJsonObject("data")).isEqualTo(new JsonObject().put("field", "severity")
        .put("from", "general").put("to", "major").put("reason", "媒体已介入"));
  }

  @Test
  void setsComplexityAndPausesWhileWaitingOnTheCustomer() {
    UUID id = fx.ticket("quality", "in_progress");
    HttpResponse<String> r = fx.patch(id, new JsonObject().put("complexity", "complex").put("waiting_on_customer", true), agent, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject t = new JsonObject(r.body());
    assertThat(t.getString("complexity")).isEqualTo("complex");
    assertThat(t.getJsonArray("flags")).contains("waiting_on_customer");
    assertThat(lastEntry(id, "paused")).isNotNull();
    assertThat(new JsonObject(gw.get("/api/v1/tickets?waiting_on_customer=true", agent).body()).getJsonArray("items")
        .stream().map(o -> ((JsonObject) o).getString("id"))).contains(id.toString());

    HttpResponse<String> resumed = fx.patch(id, new JsonObject().put("waiting_on_customer", false), agent, null);
    assertThat(new JsonObject(resumed.body()).getJsonArray("flags")).doesNotContain("waiting_on_customer");
    assertThat(lastEntry(id, "resumed")).isNotNull();
    HttpResponse<String> bad = fx.patch(id, new JsonObject().put("complexity", "hard"), agent, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(fx.patch(id, new JsonObject().put("colour", "red"), agent, null).statusCode()).isEqualTo(400);
    assertThat(fx.patch(id, new JsonObject(), agent, null).statusCode()).isEqualTo(400);
  }

  @Test
  void keepsInternalNotesOnTheTimeline() {
    UUID id = fx.ticket("quality", "in_progress");
    HttpResponse<String> r = fx.post("/api/v1/tickets/" + id + "/notes", new JsonObject().put("text", "已联系门店核实"), agent);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(lastEntry(id, "note").getString("text")).isEqualTo("已联系门店核实");
    assertThat(fx.post("/api/v1/tickets/" + id + "/notes", new JsonObject().put("text", " "), agent).statusCode()).isEqualTo(400);
    assertThat(fx.post("/api/v1/tickets/" + id + "/notes", new JsonObject().put("text", "长".repeat(500)), agent).statusCode()).isEqualTo(201);
    HttpResponse<String> tooLong = fx.post("/api/v1/tickets/" + id + "/notes", new JsonObject().put("text", "长".repeat(501)), agent);
    assertThat(tooLong.statusCode()).as("configured inbox.text_limit").isEqualTo(400);
    assertThat(errorCode(tooLong)).isEqualTo("too_long");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE ticket_id = $1", id)).isZero();
  }

  @Test
  void queuesAReplyInTheOutboxByTheCustomersChannel() {
    UUID id = fx.ticket("quality", "in_progress");
    HttpResponse<String> r = fx.post("/api/v1/tickets/" + id + "/replies", new JsonObject().put("text", "您好，退款已办理。"), agent);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    List<Row> out = Psql.query(gw.dbUrl(), "SELECT id, purpose, via, state, payload, due_at <= now() AS due FROM outbox WHERE ticket_id = $1", id);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getString("purpose")).isEqualTo("reply");
    assertThat(out.get(0).getString("via")).isEqualTo("email");
    assertThat(out.get(0).getString("state")).isEqualTo("pending");
    assertThat(out.get(0).getBoolean("due")).isTrue();
    assertThat(out.get(0).getJsonObject("payload")).isEqualTo(new JsonObject().put("text", "您好，退款已办理。").put("author", "agent-q"));
    JsonObject entry = lastEntry(id, "reply");
    assertThat(entry.getString("via")).isEqualTo("email");
    assertThat(entry.getLong("outbox_id")).isEqualTo(out.get(0).getLong("id"));

    UUID letter = fx.ticket("complaint", "letter", java.time.OffsetDateTime.now(), "quality", "general", "quality", "in_progress");
    fx.sql("UPDATE tickets SET customer_address = '北京市朝阳区某路 1 号' WHERE id = $1", letter);
    fx.post("/api/v1/tickets/" + letter + "/replies", new JsonObject().put("text", "回函"), agent);
    assertThat(Psql.query(gw.dbUrl(), "SELECT via FROM outbox WHERE ticket_id = $1", letter).get(0).getString(0)).isEqualTo("postal");

    UUID nobody = fx.ticket("quality", "in_progress");
    fx.sql("UPDATE tickets SET customer_email = NULL, customer_phone = NULL WHERE id = $1", nobody);
    HttpResponse<String> none = fx.post("/api/v1/tickets/" + nobody + "/replies", new JsonObject().put("text", "x"), agent);
    assertThat(none.statusCode()).isEqualTo(409);
    assertThat(errorCode(none)).isEqualTo("no_contact");
  }

  @Test
  void flagsAVisitAfterTheReturnVisitDeadlineAsLate() {
    UUID late = fx.ticket("quality", "resolved");
    fx.sql("INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at) VALUES ($1, 'return_visit', now() - interval '3 days', now() - interval '1 day')", late);
    UUID onTime = fx.ticket("quality", "resolved");
    fx.sql("INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at) VALUES ($1, 'return_visit', now() - interval '1 hour', now() + interval '1 day')", onTime);
    UUID unknown = fx.ticket("quality", "resolved");

    JsonObject visit = new JsonObject().put("reached", true).put("satisfaction", 5).put("comment", "满意");
    assertThat(fx.post("/api/v1/tickets/" + late + "/visits", visit, agent).statusCode()).isEqualTo(201);
    assertThat(fx.post("/api/v1/tickets/" + onTime + "/visits", visit, agent).statusCode()).isEqualTo(201);
    assertThat(fx.post("/api/v1/tickets/" + unknown + "/visits", new JsonObject().put("reached", false), agent).statusCode()).isEqualTo(201);

    assertThat(Psql.query(gw.dbUrl(), "SELECT late FROM return_visits WHERE ticket_id = $1", late).get(0).getBoolean(0)).isTrue();
    assertThat(Psql.query(gw.dbUrl(), "SELECT late FROM return_visits WHERE ticket_id = $1", onTime).get(0).getBoolean(0)).isFalse();
    assertThat(Psql.query(gw.dbUrl(), "SELECT late FROM return_visits WHERE ticket_id = $1", unknown).get(0).getBoolean(0)).isNull();
    assertThat(lastEntry(late, "visit").getBoolean("late")).isTrue();
    assertThat(lastEntry(onTime, "visit").getInteger("satisfaction")).isEqualTo(5);

    HttpResponse<String> six = fx.post("/api/v1/tickets/" + onTime + "/visits", new JsonObject().put("reached", true).put("satisfaction", 6), agent);
    assertThat(six.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(six.body()).getJsonObject("error").getString("field")).isEqualTo("satisfaction");
    HttpResponse<String> unrated = fx.post("/api/v1/tickets/" + onTime + "/visits", new JsonObject().put("reached", true), agent);
    assertThat(unrated.statusCode()).isEqualTo(400);
  }

  @Test
  void filtersByFlagsAckStateAndOverdue() {
    UUID callback = fx.ticket("quality", "new");
    UUID parseFailed = fx.ticket("quality", "new");
    UUID overdue = fx.ticket("quality", "new");
    fx.sql("UPDATE tickets SET flags = ARRAY['callback_needed'], ack_state = 'dead' WHERE id = $1", callback);
    fx.sql("UPDATE tickets SET flags = ARRAY['parse_failed', 'x'], ack_state = 'postal' WHERE id = $1", parseFailed);
    fx.sql("UPDATE tickets SET overdue = true, ack_state = 'suppressed' WHERE id = $1", overdue);
    assertThat(ids("?callback_needed=true")).containsExactly(callback.toString());
    assertThat(ids("?parse_failed=true")).containsExactly(parseFailed.toString());
    assertThat(ids("?overdue=true")).containsExactly(overdue.toString());
    assertThat(ids("?ack=dead,postal")).containsExactlyInAnyOrder(callback.toString(), parseFailed.toString());
    assertThat(ids("?ack=suppressed&overdue=true")).containsExactly(overdue.toString());
    assertThat(gw.get("/api/v1/tickets?ack=lost", agent).statusCode()).isEqualTo(400);
    assertThat(gw.get("/api/v1/tickets?overdue=maybe", agent).statusCode()).isEqualTo(400);
  }

  static List<String> ids(String query) {
    HttpResponse<String> r = gw.get("/api/v1/tickets" + query, agent);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static JsonObject lastEntry(UUID id, String type) {
    List<Row> rows = Psql.query(gw.dbUrl(), "SELECT data FROM timeline WHERE ticket_id = $1 AND type = $2 ORDER BY id DESC LIMIT 1", id, type);
    return rows.isEmpty() ? null : rows.get(0).getJsonObject(0);
  }
}
