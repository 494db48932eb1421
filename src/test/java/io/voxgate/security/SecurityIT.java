package io.voxgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Multipart;
import io.voxgate.support.Psql;
import io.voxgate.support.SecretScenario;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What an attacker or a careless log reader would try. */
class SecurityIT {

  @Test
  void attachmentNamesCannotLeaveTheDataDir() throws IOException {
    try (TestGateway gw = TestGateway.start()) {
      byte[] content = "root:x:0:0".getBytes(StandardCharsets.UTF_8);
      Multipart m = new Multipart().field("submission_id", "traversal-1").field("email", "a@example.com")
          .field("body", "see files")
          .file("attachments", "../../../../etc/passwd", "text/plain", content)
          .file("attachments", "/etc/shadow", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
          .file("attachments", "..\\..\\windows\\win.ini", "text/plain", "y".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r = gw.post("/intake/webform", m.contentType(), m.bytes());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

      List<String> names = Psql.query(gw.dbUrl(), "SELECT filename FROM attachments ORDER BY filename").stream()
          .map(row -> row.getString(0)).toList();
      assertThat(names).containsExactly("passwd", "shadow", "win.ini");
      try (Stream<Path> files = Files.walk(gw.dataDir())) {
        assertThat(files.filter(Files::isRegularFile).map(p -> gw.dataDir().relativize(p).toString()).toList())
            .hasSize(3).allSatisfy(p -> assertThat(p).matches("blobs/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}"));
      }
      JsonObject t = gw.ticket(new JsonObject(r.body()).getString("number"));
      String url = t.getJsonArray("attachments").getJsonObject(0).getString("url");
      HttpResponse<byte[]> file = gw.getBytes(url, TestGateway.ADMIN_TOKEN);
      assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).doesNotContain("/", "..\\");
    }
  }

  @Test
  void secretsNeverReachTheLog() {
    List<String> log = new CopyOnWriteArrayList<>();
    Handler capture = capture(log);
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try (TestGateway gw = TestGateway.start()) {
      byte[] body = "{\"email\":\"a@example.com\",\"body\":\"signed\"}".getBytes(StandardCharsets.UTF_8);
      gw.post("/intake/webform/partner-form", "application/json", body, Signature.HEADER, "sha256=00");
      gw.post("/intake/webform/partner-form", "application/json", body,
          Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body));
      gw.get("/api/v1/tickets", TestGateway.ADMIN_TOKEN);
      gw.get("/api/v1/tickets", "vxg_wrong-token");
      HttpResponse<String> created = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tokens")))
          .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"agent-1\",\"role\":\"agent\",\"departments\":[\"售后\"]}"))
          .build());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String agentSecret = new JsonObject(created.body()).getString("token");
      gw.get("/api/v1/tickets", agentSecret);

      assertThat(log).as("the run logged something to check").isNotEmpty();
      assertThat(String.join("\n", log)).doesNotContain(TestGateway.ADMIN_TOKEN, TestGateway.PARTNER_SECRET, agentSecret);
    } finally {
      root.removeHandler(capture);
    }
  }

  @Test
  void configuredSecretsStayOutOfTheLogOnTheirErrorPaths() {
    List<String> log = new CopyOnWriteArrayList<>();
    Handler capture = capture(log);
    Logger root = Logger.getLogger("");
    Logger ours = Logger.getLogger("io.voxgate");
    Level before = ours.getLevel();
    ours.setLevel(Level.FINE); // the gateway's own debug lines too
    root.addHandler(capture);
    try (SecretScenario scenario = SecretScenario.start();
         TestGateway gw = TestGateway.start(SecretScenario.withPassword(TestPostgres.newDatabase()), scenario.env())) {
      scenario.provoke(gw.url(""), gw.dbUrl());
      String all = String.join("\n", log);
      assertThat(all).as("the failures were logged").contains("mailbox poll failed").contains("dead after").contains("535");
      assertThat(all).doesNotContain(scenario.secrets().toArray(String[]::new));
      String outbox = String.join("\n", Psql.query(gw.dbUrl(), "SELECT coalesce(last_error, '') FROM outbox").stream()
          .map(r -> r.getString(0)).toList());
      assertThat(outbox).as("errors kept for the operators").isNotBlank()
          .doesNotContain(scenario.secrets().toArray(String[]::new));
      assertThat(gw.get("/health/ready", null).body()).doesNotContain(scenario.secrets().toArray(String[]::new));
    } finally {
      root.removeHandler(capture);
      ours.setLevel(before);
    }
  }

  @Test
  void thePublicFormsPerAddressLimitAnswers429ButSignedPartnersAreNotHeldByIt() {
    try (TestGateway gw = TestGateway.start(TestPostgres.newDatabase(), java.util.Map.of("TEST_WEBFORM_RATE", "2"))) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> ok = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "public-" + i)
            .put("email", "p@example.com").put("body", "x"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
      }
      HttpResponse<String> limited = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "public-2")
          .put("email", "p@example.com").put("body", "x"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
      JsonObject error = new JsonObject(limited.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("rate_limited");
      assertThat(error.getString("message")).isNotBlank();

      for (int i = 0; i < 10; i++) { // same address, five times the public limit
        byte[] body = new JsonObject().put("submission_id", "partner-" + i).put("email", "q@example.com")
            .put("body", "from the partner system").encode().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> signed = gw.post("/intake/webform/partner-form", "application/json", body,
            Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body));
        assertThat(signed.statusCode()).as("signed partner submission %d: %s", i, signed.body()).isEqualTo(201);
      }
      assertThat(gw.postJson("/intake/webform", new JsonObject().put("submission_id", "public-3")
          .put("email", "p@example.com").put("body", "x")).statusCode()).as("the public form is still limited").isEqualTo(429);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE source = 'webform'")).isEqualTo(2);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE source = 'partner-form'")).isEqualTo(10);
    }
  }

  @Test
  void apiTokensAreStoredOnlyAsTheirHash() {
    try (TestGateway gw = TestGateway.start()) {
      HttpResponse<String> created = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tokens")))
          .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"agent-hash\",\"role\":\"agent\"}")).build());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String agent = new JsonObject(created.body()).getString("token");
      assertThat(gw.get("/api/v1/tickets", agent).statusCode()).as("the token works").isEqualTo(200);

      List<String> rows = Psql.query(gw.dbUrl(), "SELECT row_to_json(t)::text FROM api_tokens t").stream()
          .map(r -> r.getString(0)).toList();
      assertThat(rows).hasSize(2); // the bootstrap admin and the agent
      assertThat(String.join("\n", rows)).doesNotContain(agent, TestGateway.ADMIN_TOKEN);
      assertThat(Psql.query(gw.dbUrl(), "SELECT token_hash FROM api_tokens").stream().map(r -> r.getString(0)))
          .containsExactlyInAnyOrder(io.voxgate.ticket.Hashes.sha256Hex(agent),
              io.voxgate.ticket.Hashes.sha256Hex(TestGateway.ADMIN_TOKEN));
      List<String> everywhere = Psql.query(gw.dbUrl(), "SELECT table_name FROM information_schema.tables "
          + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").stream().map(r -> r.getString(0)).toList();
      for (String table : everywhere) {
        assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE $1", "%" + agent + "%"))
            .as("the agent token in %s", table).isZero();
      }
    }
  }

  static Handler capture(List<String> into) {
    SimpleFormatter format = new SimpleFormatter();
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        into.add(format.format(record));
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
  }
}
