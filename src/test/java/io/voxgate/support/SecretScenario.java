package io.voxgate.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.channel.phone.TwilioSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A gateway set up with a secret in every place one can be configured, each behind a failing
 * path that logs: an SMTP server refusing the login (password in the URL), an SMS provider that
 * answers 500 (credential in the URL and the signing secret), an IMAP mailbox refusing the login,
 * Twilio callbacks with good and bad signatures, a signed partner form, API tokens right and wrong.
 * The SMTP server wants a login and refuses the configured password.
 * Used by the tests that grep what the gateway logs and prints for the secrets.
 */
public final class SecretScenario implements AutoCloseable {
  public static final String ADMIN_TOKEN = "admin-token-3a9f1c77e2d0";
  public static final String PARTNER_SECRET = "partner-secret-8c2e5b0f41";
  public static final String SMTP_PASSWORD = "smtp-password-5e1f0c7a93";
  public static final String SMS_URL_PASSWORD = "sms-url-password-3c8a1f2e";
  public static final String SMS_SECRET = "sms-hmac-secret-9b2d4e61";
  public static final String IMAP_PASSWORD = "imap-password-7d0e2b9446";
  public static final String TWILIO_TOKEN = "twilio-auth-token-1a6f3e58";
  public static final String DB_PASSWORD = "db-password-62c0d5e1b7";
  static final String TWILIO_URL = "https://voxgate.example.com/intake/phone/phone-twilio";

  private final GreenMail mail;
  private final HttpServer sms;
  private final AtomicInteger smsCalls = new AtomicInteger();
  private final Path channels;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> issued = new ArrayList<>();

  private SecretScenario() throws IOException {
    mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    mail.getUserManager().setAuthRequired(true);
    mail.start();
    mail.setUser("complaints@voxgate.local", "complaints@voxgate.local", "the-right-password");
    mail.setUser("voxgate@voxgate.local", "voxgate", "the-right-smtp-password");
    sms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sms.createContext("/", ex -> {
      smsCalls.incrementAndGet();
      ex.getRequestBody().readAllBytes();
      byte[] body = "provider error".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(500, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    sms.start();
    channels = Files.createTempDirectory("voxgate-secret-channels");
    for (String f : List.of("webform.yaml", "partner-form.yaml", "phone-twilio.yaml")) {
      Files.copy(Path.of("src/test/resources/channels", f), channels.resolve(f));
    }
    Files.writeString(channels.resolve("locked-mailbox.yaml"), """
        id: locked-mailbox
        channel: email
        imap:
          url: imap://127.0.0.1:%d
          user: complaints@voxgate.local
          password: ${TEST_IMAP_PASSWORD}
          poll: PT0.5S
          idle: false
          timeout: PT2S
        """.formatted(mail.getImap().getPort()));
  }

  public static SecretScenario start() {
    try {
      return new SecretScenario();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Environment of the gateway under test, on top of database, port and data dir. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("VOXGATE_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("VOXGATE_CHANNELS_DIR", channels.toString());
    env.put("VOXGATE_SMTP_URL", "smtp://voxgate:" + SMTP_PASSWORD + "@127.0.0.1:" + mail.getSmtp().getPort());
    env.put("VOXGATE_SMTP__TIMEOUT", "PT2S");
    env.put("VOXGATE_SMS__URL", "http://voxgate:" + SMS_URL_PASSWORD + "@127.0.0.1:" + sms.getAddress().getPort()
        + "/send?key=" + SMS_URL_PASSWORD);
    env.put("VOXGATE_SMS__SECRET", "${TEST_SMS_SECRET}");
    env.put("TEST_SMS_SECRET", SMS_SECRET);
    env.put("VOXGATE_DISPATCH__MAX_ATTEMPTS", "2");
    env.put("VOXGATE_DISPATCH__BACKOFF", "PT0.1S");
    env.put("VOXGATE_DISPATCH__POLL", "PT0.2S");
    env.put("TEST_IMAP_PASSWORD", IMAP_PASSWORD);
    env.put("TEST_TWILIO_TOKEN", TWILIO_TOKEN);
    env.put("TEST_PARTNER_SECRET", PARTNER_SECRET);
    return env;
  }

  /** The test database's URL with {@link #DB_PASSWORD} in it (the test server trusts local connections). */
  public static String withPassword(String dbUrl) {
    String with = dbUrl.replaceFirst("^postgresql://postgres@", "postgresql://postgres:" + DB_PASSWORD + "@");
    if (with.equals(dbUrl)) throw new IllegalArgumentException("no place for a password in " + dbUrl);
    return with;
  }

  /** The configured secrets and the API tokens issued during {@link #provoke}. */
  public List<String> secrets() {
    List<String> all = new ArrayList<>(List.of(ADMIN_TOKEN, PARTNER_SECRET, SMTP_PASSWORD, SMS_URL_PASSWORD, SMS_SECRET,
        IMAP_PASSWORD, TWILIO_TOKEN, DB_PASSWORD));
    Base64.Encoder b64 = Base64.getEncoder();
    for (String login : List.of(SMTP_PASSWORD, "\0voxgate\0" + SMTP_PASSWORD, "voxgate\0voxgate\0" + SMTP_PASSWORD)) {
      all.add(b64.encodeToString(login.getBytes(StandardCharsets.UTF_8))); // as AUTH LOGIN / PLAIN send it
    }
    all.addAll(issued);
    return all;
  }

  /**
   * Drives every path that handles a secret, then waits (bounded) until the failures have happened:
   * both acknowledgements dead-lettered, the SMS provider called, the mailbox login refused.
   */
  public void provoke(String baseUrl, String dbUrl) {
    expect(201, post(baseUrl + "/intake/webform", "application/json",
        json("secret-mail", "customer@example.com", null), Map.of()));
    expect(201, post(baseUrl + "/intake/webform", "application/json",
        json("secret-sms", null, "13900139002"), Map.of()));
    byte[] partner = json("secret-partner", "partner@example.com", null);
    expect(401, post(baseUrl + "/intake/webform/partner-form", "application/json", partner,
        Map.of(Signature.HEADER, "sha256=00")));
    expect(201, post(baseUrl + "/intake/webform/partner-form", "application/json", partner,
        Map.of(Signature.HEADER, Signature.sign(PARTNER_SECRET, partner))));

    Map<String, String> call = new LinkedHashMap<>();
    call.put("CallSid", "CA-SECRET-1");
    call.put("From", "+8613866669999");
    call.put("Direction", "inbound");
    call.put("CallStatus", "ringing");
    Map<String, List<String>> multi = new LinkedHashMap<>();
    call.forEach((k, v) -> multi.put(k, List.of(v)));
    byte[] form = form(call);
    expect(401, post(baseUrl + "/intake/phone/phone-twilio", "application/x-www-form-urlencoded", form,
        Map.of(TwilioSignature.HEADER, TwilioSignature.compute("not-the-token", TWILIO_URL, multi))));
    expect(201, post(baseUrl + "/intake/phone/phone-twilio", "application/x-www-form-urlencoded", form,
        Map.of(TwilioSignature.HEADER, TwilioSignature.compute(TWILIO_TOKEN, TWILIO_URL, multi))));

    expect(401, get(baseUrl + "/api/v1/tickets", "vxg_wrong-token"));
    HttpResponse<String> created = post(baseUrl + "/api/v1/tokens", "application/json",
        "{\"name\":\"agent-1\",\"role\":\"agent\",\"departments\":[\"售后\"]}".getBytes(StandardCharsets.UTF_8),
        Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
    expect(201, created);
    String agent = new JsonObject(created.body()).getString("token");
    issued.add(agent);
    expect(200, get(baseUrl + "/api/v1/tickets", agent));

    await(() -> Psql.count(dbUrl, "SELECT count(*) FROM outbox WHERE state = 'dead'") >= 2,
        "the mail and the SMS acknowledgement dead-lettered");
    await(() -> smsCalls.get() >= 1, "the SMS provider called");
    await(() -> get(baseUrl + "/health/ready", null).body().contains("IMAP poll failed"), "the mailbox login refused");
  }

  private static byte[] json(String submission, String email, String phone) {
    JsonObject o = new JsonObject().put("submission_id", submission).put("body", "The kettle is broken, please help.");
    if (email != null) o.put("email", email);
    if (phone != null) o.put("phone", phone);
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] form(Map<String, String> p) {
    StringBuilder b = new StringBuilder();
    p.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(String url, String type, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  private HttpResponse<String> get(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return send(b.build());
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(r.uri() + ": " + e.getMessage(), e);
    }
  }

  private static void expect(int status, HttpResponse<String> r) {
    if (r.statusCode() != status) {
      throw new AssertionError(r.request().uri() + " -> " + r.statusCode() + " (expected " + status + "): " + r.body());
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    Instant end = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) throw new AssertionError(what + ": not within 30 s");
      try {
        Thread.sleep(100); // polling interval of a bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    sms.stop(0);
    mail.stop();
  }
}
