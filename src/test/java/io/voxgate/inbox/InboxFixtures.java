package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Tickets written straight into the test database, and the inbox calls the workflow tests make. */
final class InboxFixtures {
  private final TestGateway gw;
  private int seq;

  InboxFixtures(TestGateway gw) {
    this.gw = gw;
  }

  /** A ticket with the given facts; every other column takes its schema default. */
  UUID ticket(String kind, String channel, OffsetDateTime received, String category, String severity,
              String department, String status) {
    UUID id = UUID.randomUUID();
    String n = "TS-FIX-" + (++seq) + "-" + id.toString().substring(0, 8);
    Psql.query(gw.dbUrl(), "INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at, category, "
        + "severity, department, status, ack_state, customer_email, customer_phone, subject, body) "
        + "VALUES ($1, $2, $3, $4, 'fixture', $2, $5, $6, $7, $8, $9, 'sent', 'c@example.com', '13800000000', $10, $10)",
        id, n, kind, channel, received, category, severity, department, status, "fixture " + n);
    return id;
  }

  UUID ticket(String department, String status) {
    return ticket("complaint", "webform", OffsetDateTime.now(), "quality", "general", department, status);
  }

  void sql(String sql, Object... args) {
    Psql.query(gw.dbUrl(), sql, args);
  }

  static String issue(TestGateway gw, String name, String role, String... departments) {
    JsonObject body = new JsonObject().put("name", name).put("role", role).put("departments", new io.vertx.core.json.JsonArray(java.util.List.of(departments)));
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tokens")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  HttpResponse<String> patch(Object ref, JsonObject body, String token, String ifMatch) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tickets/" + ref)))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    if (ifMatch != null) b.header("If-Match", ifMatch);
    return gw.send(b.build());
  }

  HttpResponse<String> post(String path, JsonObject body, String token) {
    return gw.send(HttpRequest.newBuilder(URI.create(gw.url(path)))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8)).build());
  }

  static String errorCode(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("code");
  }
}
