package io.voxgate.support;

import io.vertx.core.json.JsonObject;
import io.voxgate.Gateway;
import io.voxgate.config.ConfigLoader;
import io.voxgate.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway for a test: the project's own {@code conf/}, the test sources in
 * {@code src/test/resources/channels}, its own database and data dir, a free port on 127.0.0.1.
 * Configuration goes through the real loader, with environment overrides.
 */
public final class TestGateway implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  public static final String PARTNER_SECRET = "partner-secret-for-tests";

  private final Gateway gateway;
  private final String dbUrl;
  private final Path dataDir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestGateway(Gateway gateway, String dbUrl, Path dataDir) {
    this.gateway = gateway;
    this.dbUrl = dbUrl;
    this.dataDir = dataDir;
  }

  public static TestGateway start() {
    return start(TestPostgres.newDatabase(), Map.of());
  }

  public static TestGateway start(String dbUrl, Map<String, String> extraEnv) {
    return start(dbUrl, extraEnv, Clock.systemUTC());
  }

  /** With the clock every part of the gateway reads, e.g. a {@link TestClock}. */
  public static TestGateway start(String dbUrl, Map<String, String> extraEnv, Clock clock) {
    try {
      Path dataDir = Files.createTempDirectory("voxgate-test-data");
      Map<String, String> env = new HashMap<>();
      env.put("VOXGATE_DB_URL", dbUrl);
      env.put("VOXGATE_HTTP_PORT", "0");
      env.put("VOXGATE_DATA_DIR", dataDir.toString());
      env.put("VOXGATE_CHANNELS_DIR", "src/test/resources/channels");
      env.put("VOXGATE_ADMIN_TOKEN", ADMIN_TOKEN);
      env.put("VOXGATE_SERVER__HOST", "127.0.0.1");
      env.put("TEST_PARTNER_SECRET", PARTNER_SECRET);
      env.putAll(extraEnv);
      GatewayConfig config = ConfigLoader.load(Path.of("conf"), env);
      Gateway g = Gateway.start(config, clock).await(60, TimeUnit.SECONDS);
      g.bootstrapAdmin(false).await(10, TimeUnit.SECONDS);
      return new TestGateway(g, dbUrl, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
    }
  }

  /** Runs dispatcher passes now until everything due is sent, and waits for them. */
  public void dispatch() {
    try {
      gateway.dispatchNow().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("dispatcher pass: " + e.getMessage(), e);
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }

  public String dbUrl() {
    return dbUrl;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Gateway gateway() {
    return gateway;
  }

  public HttpResponse<String> postJson(String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8)).build());
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) b.headers(headers);
    return send(b.build());
  }

  public HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b.build());
  }

  public HttpResponse<byte[]> getBytes(String path, String token) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ticket detail through the inbox API as admin. */
  public JsonObject ticket(String idOrNumber) {
    HttpResponse<String> r = get("/api/v1/tickets/" + idOrNumber, ADMIN_TOKEN);
    if (r.statusCode() != 200) throw new AssertionError("GET ticket " + idOrNumber + " -> " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      gateway.stop().await(20, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the test is over either way
    }
  }
}
