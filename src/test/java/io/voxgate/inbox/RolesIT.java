package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may do what: agents work their own departments' tickets; supervisors all, overrides and 举报; admins tokens. */
class RolesIT {
  static TestGateway gw;
  static InboxFixtures fx;
  static Map<String, String> tokens;
  static Map<String, UUID> tickets;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    fx = new InboxFixtures(gw);
    tokens = Map.of(
        "agent", InboxFixtures.issue(gw, "agent-quality", "agent", "quality"),
        "supervisor", InboxFixtures.issue(gw, "sup", "supervisor"),
        "admin", TestGateway.ADMIN_TOKEN);
    tickets = Map.of(
        "own", fx.ticket("quality", "new"),
        "other", fx.ticket("service", "new"),
        "report", fx.ticket("report", "letter", java.time.OffsetDateTime.now(), "other", "general", "quality", "new"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("agent", "GET", "own", "", null, 200),
        Arguments.of("agent", "GET", "other", "", null, 404),
        Arguments.of("agent", "GET", "report", "", null, 404),
        Arguments.of("agent", "PATCH", "own", "", "{\"assignee\":\"a\"}", 200),
        Arguments.of("agent", "PATCH", "other", "", "{\"assignee\":\"a\"}", 404),
        Arguments.of("agent", "PATCH", "own", "", "{\"severity\":\"major\",\"reason\":\"r\"}", 403),
        Arguments.of("agent", "POST", "own", "/notes", "{\"text\":\"n\"}", 201),
        Arguments.of("agent", "POST", "other", "/replies", "{\"text\":\"n\"}", 404),
        Arguments.of("agent", "POST", "report", "/visits", "{\"reached\":false}", 404),
        Arguments.of("agent", "GET", null, "/api/v1/reports", null, 403),
        Arguments.of("agent", "POST", null, "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"agent\"}", 403),
        Arguments.of("supervisor", "GET", "other", "", null, 200),
        Arguments.of("supervisor", "GET", "report", "", null, 200),
        Arguments.of("supervisor", "PATCH", "report", "", "{\"status\":\"acknowledged\"}", 200),
        Arguments.of("supervisor", "PATCH", "other", "", "{\"category\":\"other\",\"reason\":\"r\"}", 200),
        Arguments.of("supervisor", "GET", null, "/api/v1/reports", null, 200),
        Arguments.of("supervisor", "POST", null, "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"agent\"}", 403),
        Arguments.of("admin", "POST", null, "/api/v1/tokens", "{\"name\":\"y\",\"role\":\"agent\"}", 201),
        Arguments.of("admin", "GET", "report", "", null, 200),
        Arguments.of("admin", "GET", null, "/api/v1/sources", null, 200),
        Arguments.of("supervisor", "GET", null, "/api/v1/sources", null, 403),
        Arguments.of("agent", "GET", null, "/api/v1/sources", null, 403));
  }

  @org.junit.jupiter.api.Test
  void listsSourcesForAdminsWithoutTheirSecrets() {
    gw.postJson("/intake/webform", new JsonObject().put("submission_id", "src-1").put("email", "s@example.com").put("body", "测试"));
    HttpResponse<String> r = gw.get("/api/v1/sources", TestGateway.ADMIN_TOKEN);
    JsonObject webform = new JsonObject(r.body()).getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("id").equals("webform")).findFirst().orElseThrow();
    assertThat(webform.getString("channel")).isEqualTo("webform");
    assertThat(webform.getLong("accepted")).isEqualTo(1);
    assertThat(r.body()).doesNotContain(TestGateway.PARTNER_SECRET);
    assertThat(new JsonObject(r.body()).getJsonArray("items").stream().map(o -> (JsonObject) o)
        .anyMatch(o -> o.getBoolean("signed"))).isTrue();
  }

  @ParameterizedTest(name = "{0} {1} {2}{3} -> {5}")
  @MethodSource("table")
  void answersEachRoleAsTheRulesSay(String role, String method, String ticket, String path, String body, int expected) {
    String url = ticket == null ? path : "/api/v1/tickets/" + tickets.get(ticket) + path;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(url))).header("Authorization", "Bearer " + tokens.get(role))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = gw.send(b.build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    if (expected >= 400) assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isNotBlank();
  }
}
