package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Recordings behind a login: a recording server on 127.0.0.1 that wants HTTP Basic, Bearer or
 * Twilio's account credentials, and a second server on another port (another origin) that
 * stands for a pre-signed media host. Checks what the servers received, what the ticket shows,
 * and that no secret reaches the log or the database (checked last, after every other fetch).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingAuthIT {
  static final String SECRET = "rec-auth-signing-secret";
  static final String USER = "recorder";
  static final String PASSWORD = "rec-password-7c2e91d4";
  static final String WRONG_PASSWORD = "wrong-password-3b8f06a1";
  static final String BEARER = "rec-bearer-5d0a7e33";
  static final String TWILIO_TOKEN = "twilio-auth-token-e4b19c02";
  static final String TWILIO_URL = "https://voxgate.example.com/intake/phone/rec-twilio";
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String RECORDING_PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/RE0123456789abcdef0123456789abcdef";
  static final String MOVED_RECORDING = "/2010-04-01/Accounts/" + ACCOUNT + "/Recordings/RE00000000000000000000000000000002";
  static final byte[] AUDIO = "ID3-locked-recording".getBytes(StandardCharsets.UTF_8);
  static final byte[] CDN_AUDIO = "ID3-presigned-media".getBytes(StandardCharsets.UTF_8);
  static final byte[] WAV = "RIFF-twilio-recording".getBytes(StandardCharsets.UTF_8);

  static HttpServer home;
  static HttpServer cdn;
  static final List<String> homeSeen = new CopyOnWriteArrayList<>(); // "path auth-header"
  static final List<String> cdnSeen = new CopyOnWriteArrayList<>();
  static final List<String> log = new CopyOnWriteArrayList<>();
  static final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      StringWriter w = new StringWriter();
      w.append(r.getLoggerName()).append(' ').append(String.valueOf(r.getMessage()));
      if (r.getParameters() != null) for (Object p : r.getParameters()) w.append(' ').append(String.valueOf(p));
      if (r.getThrown() != null) r.getThrown().printStackTrace(new PrintWriter(w));
      log.add(w.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    capture.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(capture);
    cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cdn.createContext("/signed/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      cdnSeen.add(ex.getRequestURI().getPath() + " " + auth);
      if (auth != null) respond(ex, 400, "text/plain", "credentials sent to a pre-signed URL".getBytes(StandardCharsets.UTF_8));
      else respond(ex, 200, "audio/mpeg", CDN_AUDIO);
    });
    cdn.start();
    home = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String basic = basic(USER, PASSWORD);
    home.createContext("/rec/locked.mp3", ex -> guarded(ex, basic, () -> respond(ex, 200, "audio/mpeg", AUDIO)));
    home.createContext("/rec/alias.mp3", ex -> guarded(ex, basic, () -> redirect(ex, "/rec/locked.mp3")));
    home.createContext("/rec/moved.mp3", ex -> guarded(ex, basic, () -> redirect(ex,
        "http://127.0.0.1:" + cdn.getAddress().getPort() + "/signed/moved.mp3?Expires=1&Signature=abc")));
    home.createContext("/rec/token.mp3", ex -> guarded(ex, "Bearer " + BEARER, () -> respond(ex, 200, "audio/mpeg", AUDIO)));
    home.createContext(RECORDING_PATH, ex -> guarded(ex, basic(ACCOUNT, TWILIO_TOKEN),
        () -> respond(ex, 200, "audio/x-wav", WAV)));
    // like Twilio's media: the API answers a 302 to a pre-signed URL on another host
    home.createContext(MOVED_RECORDING, ex -> guarded(ex, basic(ACCOUNT, TWILIO_TOKEN), () -> redirect(ex,
        "http://127.0.0.1:" + cdn.getAddress().getPort() + "/signed/RE2?Expires=1&Signature=abc")));
    home.start();

    Path channels = Files.createTempDirectory("voxgate-recording-auth");
    String limits = """
        ring_timeout: PT1H
        recordings:
          allowed_hosts: [127.0.0.1]
          timeout: PT5S
          retries: 3
          retry_after: PT0.2S
        """;
    Files.writeString(channels.resolve("rec-basic.yaml"), generic("rec-basic") + limits
        + "  auth:\n    user: ${TEST_REC_USER}\n    password: ${TEST_REC_PASSWORD}\n");
    Files.writeString(channels.resolve("rec-wrong.yaml"), generic("rec-wrong") + limits
        + "  auth:\n    user: ${TEST_REC_USER}\n    password: ${TEST_REC_WRONG_PASSWORD}\n");
    Files.writeString(channels.resolve("rec-bearer.yaml"), generic("rec-bearer") + limits
        + "  auth: {bearer: '${TEST_REC_BEARER}'}\n");
    Files.writeString(channels.resolve("rec-none.yaml"), generic("rec-none") + limits);
    Files.writeString(channels.resolve("rec-twilio.yaml"), """
        id: rec-twilio
        channel: phone
        format: twilio
        secret: ${TEST_REC_TWILIO_TOKEN}
        public_url: %s
        recordings:
          allowed_hosts: [127.0.0.1]
          retry_after: PT0.2S
        """.formatted(TWILIO_URL));
    gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_CHANNELS_DIR", channels.toString(),
        "TEST_REC_SECRET", SECRET, "TEST_REC_USER", USER, "TEST_REC_PASSWORD", PASSWORD,
        "TEST_REC_WRONG_PASSWORD", WRONG_PASSWORD, "TEST_REC_BEARER", BEARER, "TEST_REC_TWILIO_TOKEN", TWILIO_TOKEN));
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (home != null) home.stop(0);
    if (cdn != null) cdn.stop(0);
    Logger.getLogger("").removeHandler(capture);
  }

  @Test
  void aRecordingBehindBasicAuthIsAttachedAlsoAfterARedirectOnTheSameServer() {
    JsonObject t = attached(hangup("rec-basic", "basic-1", "/rec/locked.mp3"));
    assertThat(attachment(t)).isEqualTo(AUDIO);
    JsonObject alias = attached(hangup("rec-basic", "basic-2", "/rec/alias.mp3"));
    assertThat(attachment(alias)).isEqualTo(AUDIO);
    assertThat(homeSeen).contains("/rec/locked.mp3 " + basic(USER, PASSWORD), "/rec/alias.mp3 " + basic(USER, PASSWORD));
  }

  @Test
  void aBearerTokenIsSentWhenConfigured() {
    assertThat(attachment(attached(hangup("rec-bearer", "bearer-1", "/rec/token.mp3")))).isEqualTo(AUDIO);
    assertThat(homeSeen).contains("/rec/token.mp3 Bearer " + BEARER);
  }

  @Test
  void aRedirectToAnotherOriginGetsNoCredentials() {
    JsonObject t = attached(hangup("rec-basic", "moved-1", "/rec/moved.mp3"));
    assertThat(attachment(t)).isEqualTo(CDN_AUDIO);
    assertThat(t.getJsonArray("attachments").getJsonObject(0).getString("filename")).isEqualTo("moved.mp3");
    assertThat(homeSeen).as("the recording URL's own server got the credentials").contains("/rec/moved.mp3 " + basic(USER, PASSWORD));
    assertThat(cdnSeen.stream().filter(s -> s.startsWith("/signed/moved.mp3 ")))
        .as("the pre-signed URL on another port was asked without them").isNotEmpty()
        .allSatisfy(s -> assertThat(s).isEqualTo("/signed/moved.mp3 null"));
  }

  @Test
  void twilioRecordingIsFetchedWithTheAccountSidFromItsUrlAndTheAuthToken() {
    JsonObject t = twilioRecording("CA-rec-1", RECORDING_PATH);
    assertThat(attachment(t)).isEqualTo(WAV);
    assertThat(t.getJsonArray("attachments").getJsonObject(0).getString("filename"))
        .isEqualTo("RE0123456789abcdef0123456789abcdef.wav");
    assertThat(homeSeen).contains(RECORDING_PATH + " " + basic(ACCOUNT, TWILIO_TOKEN));
  }

  @Test
  void twilioRedirectToPresignedMediaIsFollowedWithoutTheAccountCredentials() {
    JsonObject t = twilioRecording("CA-rec-2", MOVED_RECORDING);
    assertThat(attachment(t)).isEqualTo(CDN_AUDIO);
    assertThat(homeSeen).contains(MOVED_RECORDING + " " + basic(ACCOUNT, TWILIO_TOKEN));
    assertThat(cdnSeen.stream().filter(s -> s.startsWith("/signed/RE2 "))).isNotEmpty()
        .allSatisfy(s -> assertThat(s).isEqualTo("/signed/RE2 null"));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aWrongPasswordFailsForGoodSayingTheCredentialsWereRefusedAndIsNowhereToBeSeen() {
    String id = new JsonObject(hangup("rec-wrong", "wrong-1", "/rec/locked.mp3").body()).getString("id");
    JsonObject t = RecordingHangIT.eventually(() -> gw.ticket(id),
        x -> !RecordingHangIT.entries(x, "call_recording_failed").isEmpty(), "the fetch given up");
    assertThat(t.getJsonArray("attachments")).isEmpty();
    assertThat(RecordingHangIT.entries(t, "call_recording_retry")).as("a refused login is not retried").isEmpty();
    String error = RecordingHangIT.entries(t, "call_recording_failed").get(0).getJsonObject("data").getString("error");
    assertThat(error).contains("HTTP 401").contains("credentials refused").contains("recordings.auth");
    assertThat(Psql.query(gw.dbUrl(), "SELECT state, last_error FROM phone_recording_fetches WHERE call_id = 'wrong-1'"))
        .singleElement().satisfies(row -> {
          assertThat(row.getString(0)).isEqualTo("dead");
          assertThat(row.getString(1)).isEqualTo(error);
        });
    assertThat(homeSeen).as("the wrong password was tried").contains("/rec/locked.mp3 " + basic(USER, WRONG_PASSWORD));
    assertThat(log).as("the gateway logged the failure").anySatisfy(l -> assertThat(l).contains("failed for good")
        .contains("credentials refused"));
    assertSecretsNowhere();
  }

  @Test
  void aServerWantingALoginSaysSoWhenNoneIsConfigured() {
    String id = new JsonObject(hangup("rec-none", "none-1", "/rec/locked.mp3").body()).getString("id");
    JsonObject t = RecordingHangIT.eventually(() -> gw.ticket(id),
        x -> !RecordingHangIT.entries(x, "call_recording_failed").isEmpty(), "the fetch given up");
    assertThat(RecordingHangIT.entries(t, "call_recording_failed").get(0).getJsonObject("data").getString("error"))
        .contains("HTTP 401").contains("wants credentials").contains("recordings.auth");
    assertThat(homeSeen).contains("/rec/locked.mp3 null");
  }

  /** Neither a secret nor its Basic form is in any table or in what the gateway logged. */
  static void assertSecretsNowhere() {
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD, BEARER, TWILIO_TOKEN));
    for (String pw : List.of(PASSWORD, WRONG_PASSWORD)) secrets.add(basic(USER, pw).substring("Basic ".length()));
    secrets.add(basic(ACCOUNT, TWILIO_TOKEN).substring("Basic ".length()));
    List<String> tables = Psql.query(gw.dbUrl(), "SELECT table_name FROM information_schema.tables "
        + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").stream().map(r -> r.getString(0)).toList();
    assertThat(tables).contains("phone_recording_fetches", "timeline");
    for (String table : tables) {
      for (String s : secrets) {
        assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM \"" + table + "\" x WHERE strpos(row_to_json(x)::text, $1) > 0", s))
            .as("table %s", table).isZero();
      }
    }
    for (String s : secrets) assertThat(log).as("log").noneSatisfy(l -> assertThat(l).contains(s));
  }

  // ---- helpers ----

  static String ticketId(String callId) {
    return Psql.query(gw.dbUrl(), "SELECT id::text FROM tickets WHERE external_id = $1", callId).get(0).getString(0);
  }

  static String generic(String id) {
    return "id: " + id + "\nchannel: phone\nformat: generic\nsecret: ${TEST_REC_SECRET}\n";
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> hangup(String source, String callId, String path) {
    Map<String, String> p = new TreeMap<>(Map.of("event", "hangup", "direction", "in", "callId", callId,
        "from", "13812340000", "cause", "normalClearing",
        "recordingUrl", "http://127.0.0.1:" + home.getAddress().getPort() + path));
    byte[] body = PhoneIT.form(p).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = gw.post("/intake/phone/" + source, "application/x-www-form-urlencoded", body,
        Signature.HEADER, Signature.sign(SECRET, body));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return r;
  }

  static HttpResponse<String> twilio(Map<String, String> p) {
    Map<String, List<String>> multi = new LinkedHashMap<>();
    p.forEach((k, v) -> multi.put(k, List.of(v)));
    byte[] body = PhoneIT.form(p).getBytes(StandardCharsets.UTF_8);
    return gw.post("/intake/phone/rec-twilio", "application/x-www-form-urlencoded", body,
        TwilioSignature.HEADER, TwilioSignature.compute(TWILIO_TOKEN, TWILIO_URL, multi));
  }

  /** A completed Twilio call, then its recording callback; the ticket once the recording is attached. */
  static JsonObject twilioRecording(String callSid, String path) {
    Map<String, String> done = new LinkedHashMap<>(Map.of("CallSid", callSid, "From", "+8613866660000",
        "To", "+8640012345", "Direction", "inbound", "CallStatus", "completed", "CallDuration", "30"));
    HttpResponse<String> call = twilio(done);
    assertThat(call.statusCode()).as(call.body()).isIn(200, 201);
    String url = "http://127.0.0.1:" + home.getAddress().getPort() + path;
    HttpResponse<String> r = twilio(new LinkedHashMap<>(Map.of("CallSid", callSid, "RecordingUrl", url,
        "RecordingSid", path.substring(path.lastIndexOf('/') + 1), "RecordingStatus", "completed")));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return RecordingHangIT.eventually(() -> gw.ticket(ticketId(callSid)), x -> !x.getJsonArray("attachments").isEmpty()
        || !RecordingHangIT.entries(x, "call_recording_failed").isEmpty(), "the Twilio recording fetched");
  }

  static JsonObject attached(HttpResponse<String> r) {
    String id = new JsonObject(r.body()).getString("id");
    return RecordingHangIT.eventually(() -> gw.ticket(id), x -> !x.getJsonArray("attachments").isEmpty()
        || !RecordingHangIT.entries(x, "call_recording_failed").isEmpty(), "the recording fetched");
  }

  static byte[] attachment(JsonObject ticket) {
    assertThat(ticket.getJsonArray("attachments")).as(ticket.encodePrettily()).hasSize(1);
    String id = ticket.getJsonArray("attachments").getJsonObject(0).getString("id");
    return gw.getBytes("/api/v1/attachments/" + id, TestGateway.ADMIN_TOKEN).body();
  }

  static void guarded(HttpExchange ex, String expected, IoAction ok) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    homeSeen.add(ex.getRequestURI().getPath() + " " + auth);
    if (expected.equals(auth)) {
      ok.run();
    } else {
      ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"recordings\"");
      respond(ex, 401, "text/plain", "login required".getBytes(StandardCharsets.UTF_8));
    }
  }

  static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  interface IoAction {
    void run() throws IOException;
  }
}
