package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InboxApiIT {
  static TestGateway gw;
  static String agentToken;
  static String supervisorToken;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    agentToken = issue("agent-1", "agent");
    supervisorToken = issue("sup-1", "supervisor");
    submit("inbox-refund", "申请退款", "洗衣机质量问题，申请退款 300 元", "complaint");
    submit("inbox-enquiry", "保修咨询", "请问保修期多久？", "enquiry");
    submit("inbox-fire", "电器起火", "插座起火，差点发生火灾，记者已经联系我", null);
    submit("inbox-report", "实名举报", "我实名举报某门店经理收受回扣", null);
    submit("inbox-english", "Refund please", "The kettle arrived broken, I want a refund.", null);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static String issue(String name, String role) {
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tokens")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).put("role", role).encode())).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  static String submit(String id, String subject, String body, String kind) {
    JsonObject form = new JsonObject().put("submission_id", id).put("email", id + "@example.com")
        .put("subject", subject).put("body", body);
    if (kind != null) form.put("kind", kind);
    HttpResponse<String> r = gw.postJson("/intake/webform", form);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("number");
  }

  static JsonArray list(String query, String token) {
    HttpResponse<String> r = gw.get("/api/v1/tickets" + query, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("items");
  }

  static List<String> externalIds(JsonArray items) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) out.add(items.getJsonObject(i).getString("external_id"));
    return out;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void refusesRequestsWithoutAValidToken() {
    HttpResponse<String> none = gw.get("/api/v1/tickets", null);
    HttpResponse<String> wrong = gw.get("/api/v1/tickets", "vxg_not-a-token");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(wrong.body()).getJsonObject("error").getString("code")).isEqualTo("unauthorized");
  }

  @Test
  void onlyAdminsIssueTokensAndTheyAreStoredHashed() {
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tokens")))
        .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"role\":\"admin\"}")).build());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("forbidden");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM api_tokens WHERE token_hash = $1", agentToken)).isZero();
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM api_tokens WHERE name = 'agent-1'")).isEqualTo(1);
  }

  @Test
  void findsChineseSubstringsWithQ() {
    assertThat(externalIds(list("?q=" + q("退款"), agentToken))).containsExactly("inbox-refund");
    assertThat(externalIds(list("?q=" + q("保修期"), agentToken))).containsExactly("inbox-enquiry");
    assertThat(externalIds(list("?q=" + q("火"), agentToken))).containsExactly("inbox-fire");
    assertThat(externalIds(list("?q=" + q("REFUND"), agentToken))).containsExactly("inbox-english");
    assertThat(externalIds(list("?q=" + q("退款 洗衣机"), agentToken))).containsExactly("inbox-refund");
    assertThat(list("?q=" + q("退货"), agentToken)).isEmpty();
  }

  @Test
  void filtersByKindSeverityAndChannel() {
    assertThat(externalIds(list("?kind=enquiry", agentToken))).containsExactly("inbox-enquiry");
    assertThat(externalIds(list("?severity=major", agentToken))).containsExactly("inbox-fire");
    assertThat(list("?channel=phone", agentToken)).isEmpty();
    HttpResponse<String> bad = gw.get("/api/v1/tickets?severity=huge", agentToken);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getJsonObject("error").getString("field")).isEqualTo("severity");
  }

  @Test
  void hidesWhistleBlowingReportsFromAgents() {
    assertThat(externalIds(list("", agentToken))).doesNotContain("inbox-report");
    assertThat(externalIds(list("?kind=report", supervisorToken))).containsExactly("inbox-report");
    String number = list("?kind=report", supervisorToken).getJsonObject(0).getString("number");
    assertThat(gw.get("/api/v1/tickets/" + number, agentToken).statusCode()).isEqualTo(404);
    JsonObject t = new JsonObject(gw.get("/api/v1/tickets/" + number, supervisorToken).body());
    assertThat(t.getString("department")).isEqualTo("leadership");
  }

  @Test
  void getsATicketByNumberOrIdWithItsTimeline() {
    JsonObject item = list("?q=" + q("退款"), agentToken).getJsonObject(0);
    JsonObject byNumber = new JsonObject(gw.get("/api/v1/tickets/" + item.getString("number"), agentToken).body());
    JsonObject byId = new JsonObject(gw.get("/api/v1/tickets/" + item.getString("id"), agentToken).body());
    assertThat(byNumber).isEqualTo(byId);
    assertThat(byId.getString("body")).isEqualTo("洗衣机质量问题，申请退款 300 元");
    assertThat(byId.getJsonArray("timeline")).hasSize(1);
    assertThat(gw.get("/api/v1/tickets/TS-20000101-00001", agentToken).statusCode()).isEqualTo(404);
  }

  @Test
  void cursorPagesStayStableWhileNewTicketsArrive() {
    String db = "?limit=2&q=" + q("分页");
    for (int i = 0; i < 5; i++) submit("page-" + i, "分页测试 " + i, "分页 " + i, "complaint");
    HttpResponse<String> first = gw.get("/api/v1/tickets" + db, agentToken);
    JsonObject page1 = new JsonObject(first.body());
    assertThat(externalIds(page1.getJsonArray("items"))).containsExactly("page-4", "page-3");

    submit("page-new", "分页测试 新", "分页 新", "complaint");

    JsonObject page2 = new JsonObject(gw.get("/api/v1/tickets" + db + "&cursor=" + page1.getString("next_cursor"), agentToken).body());
    assertThat(externalIds(page2.getJsonArray("items"))).containsExactly("page-2", "page-1");
    JsonObject page3 = new JsonObject(gw.get("/api/v1/tickets" + db + "&cursor=" + page2.getString("next_cursor"), agentToken).body());
    assertThat(externalIds(page3.getJsonArray("items"))).containsExactly("page-0");
    assertThat(page3.getString("next_cursor")).isNull();
  }
}
