package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PhoneIT {
  static final String SECRET = "phone-secret-for-tests";
  static final String TWILIO_TOKEN = "twilio-token-for-tests";
  static final String TWILIO_URL = "https://voxgate.example.com/intake/phone/phone-twilio";
  static TestGateway gw;
  static HttpServer recordings;
  static final AtomicInteger flakyHits = new AtomicInteger();
  static final byte[] AUDIO = "ID3-fake-mp3-audio-bytes-0123456789".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void start() throws Exception {
    gw = TestGateway.start();
    recordings = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    recordings.createContext("/rec/ok.mp3", ex -> {
      ex.getResponseHeaders().add("Content-Type", "audio/mpeg");
      ex.sendResponseHeaders(200, AUDIO.length);
      ex.getResponseBody().write(AUDIO);
      ex.close();
    });
    recordings.createContext("/rec/flaky.mp3", ex -> {
      if (flakyHits.incrementAndGet() == 1) {
        ex.sendResponseHeaders(503, -1);
      } else {
        byte[] other = "flaky-audio-second-try".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "audio/mpeg");
        ex.sendResponseHeaders(200, other.length);
        ex.getResponseBody().write(other);
      }
      ex.close();
    });
    recordings.createContext("/rec/huge.wav", ex -> {
      byte[] chunk = new byte[8192];
      ex.getResponseHeaders().add("Content-Type", "audio/wav");
      ex.sendResponseHeaders(200, 0);
      try {
        for (int i = 0; i < 32; i++) ex.getResponseBody().write(chunk); // 256 KB > max_size 64KB
      } catch (java.io.IOException ignored) {
        // the gateway hangs up once the limit is passed
      }
      ex.close();
    });
    recordings.start();
  }

  @AfterAll
  static void stop() {
    recordings.stop(0);
    gw.close();
  }

  // ---- helpers ----

  static String form(Map<String, String> p) {
    StringBuilder b = new StringBuilder();
    p.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return b.toString();
  }

  static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  static HttpResponse<String> cti(String source, Map<String, String> p) {
    byte[] body = form(p).getBytes(StandardCharsets.UTF_8);
    return gw.post("/intake/phone/" + source, "application/x-www-form-urlencoded", body,
        Signature.HEADER, Signature.sign(SECRET, body));
  }

  static HttpResponse<String> ctiJson(String source, JsonObject o) {
    byte[] body = o.encode().getBytes(StandardCharsets.UTF_8);
    return gw.post("/intake/phone/" + source, "application/json", body, Signature.HEADER, Signature.sign(SECRET, body));
  }

  static HttpResponse<String> twilio(String signedUrl, Map<String, String> p) {
    Map<String, List<String>> multi = new LinkedHashMap<>();
    p.forEach((k, v) -> multi.put(k, List.of(v)));
    byte[] body = form(p).getBytes(StandardCharsets.UTF_8);
    return gw.post("/intake/phone/phone-twilio", "application/x-www-form-urlencoded", body,
        TwilioSignature.HEADER, TwilioSignature.compute(TWILIO_TOKEN, signedUrl, multi));
  }

  static JsonObject ticketOf(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    return gw.ticket(new JsonObject(r.body()).getString("id"));
  }

  static List<JsonObject> timeline(JsonObject t, String type) {
    List<JsonObject> out = new ArrayList<>();
    t.getJsonArray("timeline").forEach(x -> { if (type.equals(((JsonObject) x).getString("type"))) out.add((JsonObject) x); });
    return out;
  }

  static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > until) throw new AssertionError("timed out waiting for " + what + "; last: " + last);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = probe.get();
    }
    return last;
  }

  static JsonArray inbox(String query) {
    HttpResponse<String> r = gw.get("/api/v1/tickets?" + query, TestGateway.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("items");
  }

  // ---- behaviour ----

  @Test
  void mergesNewCallAnswerAndHangupIntoOneTicket() {
    HttpResponse<String> ring = cti("phone-cti", params("event", "newCall", "direction", "in", "from", "138 0013 8000",
        "to", "4001234567", "callId", "seq-1", "user", "客服 小王"));
    HttpResponse<String> answer = cti("phone-cti", params("event", "answer", "direction", "in", "callId", "seq-1",
        "from", "138 0013 8000", "answeringNumber", "agent-007"));
    HttpResponse<String> hangup = cti("phone-cti", params("event", "hangup", "direction", "in", "callId", "seq-1",
        "cause", "normalClearing", "from", "138 0013 8000"));

    assertThat(ring.statusCode()).isEqualTo(201);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(hangup.statusCode()).isEqualTo(200);
    String id = new JsonObject(ring.body()).getString("id");
    assertThat(new JsonObject(answer.body()).getString("id")).isEqualTo(id);
    assertThat(new JsonObject(hangup.body()).getString("id")).isEqualTo(id);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE source = 'phone-cti' AND external_id = 'seq-1'")).isEqualTo(1);

    JsonObject t = gw.ticket(id);
    assertThat(t.getString("channel")).isEqualTo("phone");
    assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("+8613800138000");
    assertThat(t.getJsonArray("flags")).doesNotContain("callback_needed");
    assertThat(timeline(t, "call_ringing")).hasSize(1);
    assertThat(timeline(t, "call_answered")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("by")).isEqualTo("agent-007"));
    assertThat(timeline(t, "call_ended")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("cause")).isEqualTo("normalClearing"));
    assertThat(t.getString("body")).contains("agent-007");
    // the SMS acknowledgement is planned once the call has ended
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE ticket_id = $1::uuid AND purpose = 'ack' AND via = 'sms' AND state = 'pending'", id)).isEqualTo(1);
  }

  @Test
  void shuffledDuplicatedAndConcurrentEventsGiveOneTicketPerCallWithTheRightDuration() throws Exception {
    Instant t0 = Instant.parse("2026-11-20T02:00:00Z");
    List<JsonObject> events = new ArrayList<>();
    int calls = 6;
    for (int c = 0; c < calls; c++) {
      String id = "shuffle-" + c;
      JsonObject base = new JsonObject().put("direction", "in").put("from", "+8613900000" + String.format("%03d", c)).put("callId", id);
      events.add(base.copy().put("event", "newCall").put("timestamp", t0.toString()));
      events.add(base.copy().put("event", "answer").put("answeringNumber", "agent-" + c).put("timestamp", t0.plusSeconds(10).toString()));
      events.add(base.copy().put("event", "hangup").put("cause", "normalClearing").put("timestamp", t0.plusSeconds(95 + c).toString()));
    }
    List<JsonObject> sends = new ArrayList<>(events);
    sends.addAll(events); // every event delivered twice
    Collections.shuffle(sends, new Random(42));
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (JsonObject e : sends) results.add(pool.submit(() -> ctiJson("phone-cti", e)));
      for (Future<HttpResponse<String>> f : results) assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isIn(200, 201);
    } finally {
      pool.shutdownNow();
    }

    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE source = 'phone-cti' AND external_id LIKE 'shuffle-%'")).isEqualTo(calls);
    for (int c = 0; c < calls; c++) {
      String number = Psql.query(gw.dbUrl(), "SELECT number FROM tickets WHERE source = 'phone-cti' AND external_id = $1", "shuffle-" + c)
          .get(0).getString(0);
      JsonObject t = gw.ticket(number);
      long talk = 85 + c;
      assertThat(t.getString("body")).contains("duration " + talk + " s");
      assertThat(timeline(t, "call_ringing")).hasSize(1);
      assertThat(timeline(t, "call_answered")).hasSize(1);
      assertThat(timeline(t, "call_ended")).hasSize(1);
      assertThat(Psql.count(gw.dbUrl(), "SELECT talk_seconds FROM phone_calls WHERE source = 'phone-cti' AND call_id = $1", "shuffle-" + c)).isEqualTo(talk);
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM phone_call_events WHERE source = 'phone-cti' AND call_id = $1", "shuffle-" + c)).isEqualTo(3);
    }
  }

  @Test
  void hangupBeforeAnswerStillGivesTheTalkTime() {
    Instant t0 = Instant.parse("2026-11-20T03:00:00Z");
    JsonObject base = new JsonObject().put("direction", "in").put("from", "010-6552 9988").put("callId", "late-answer-1");
    ctiJson("phone-cti", base.copy().put("event", "hangup").put("cause", "normalClearing").put("timestamp", t0.plusSeconds(70).toString()));
    JsonObject before = ticketOf(ctiJson("phone-cti", base.copy().put("event", "newCall").put("timestamp", t0.toString())));
    assertThat(before.getJsonArray("flags")).contains("callback_needed"); // ended unanswered, so far
    JsonObject t = ticketOf(ctiJson("phone-cti", base.copy().put("event", "answer").put("user", "王芳").put("timestamp", t0.plusSeconds(20).toString())));

    assertThat(t.getString("body")).contains("duration 50 s");
    assertThat(t.getJsonArray("flags")).doesNotContain("callback_needed");
    assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("+861065529988");
    assertThat(timeline(t, "call_answered")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getLong("talk_seconds")).isEqualTo(50L));
  }

  @Test
  void missedInboundCallBecomesCallbackTicketListedByTheInboxFilter() {
    HttpResponse<String> ring = cti("phone-cti", params("event", "newCall", "direction", "in", "from", "+86 139 1111 2222",
        "to", "4001234567", "callId", "missed-1"));
    cti("phone-cti", params("event", "hangup", "direction", "in", "callId", "missed-1", "cause", "cancel"));
    cti("phone-cti", params("event", "newCall", "direction", "in", "from", "13911113333", "callId", "answered-1"));
    cti("phone-cti", params("event", "answer", "direction", "in", "callId", "answered-1", "user", "agent"));

    JsonObject t = ticketOf(ring);
    assertThat(t.getJsonArray("flags")).contains("callback_needed");
    assertThat(t.getString("kind")).isIn("complaint", "enquiry");
    assertThat(t.getString("subject")).contains("+8613911112222");

    JsonArray listed = inbox("callback_needed=true&channel=phone&limit=200");
    List<String> ids = listed.stream().map(x -> ((JsonObject) x).getString("external_id")).toList();
    assertThat(ids).contains("missed-1").doesNotContain("answered-1");
    JsonObject item = listed.stream().map(x -> (JsonObject) x).filter(x -> x.getString("external_id").equals("missed-1")).findFirst().orElseThrow();
    Instant received = Instant.parse(item.getString("received_at"));
    Instant due = java.time.OffsetDateTime.parse(item.getJsonObject("deadlines").getString("callback")).toInstant();
    assertThat(Duration.between(received, due)).isEqualTo(Duration.ofHours(1));
    assertThat(inbox("callback_needed=false&channel=phone&limit=200").stream()
        .map(x -> ((JsonObject) x).getString("external_id")).toList()).contains("answered-1").doesNotContain("missed-1");
  }

  @Test
  void callStillRingingPastTheRingTimeIsMissed() {
    HttpResponse<String> r = cti("phone-ring", params("event", "newCall", "direction", "in", "from", "13722223333", "callId", "ring-1"));
    String id = new JsonObject(r.body()).getString("id");
    JsonObject t = eventually(() -> gw.ticket(id), x -> x.getJsonArray("flags").contains("callback_needed"), "ring timeout");
    assertThat(timeline(t, "call_missed")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("reason")).isEqualTo("ring_timeout"));
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM ticket_clocks WHERE ticket_id = $1::uuid AND clock = 'callback'", id)).isEqualTo(1);
  }

  @Test
  void fetchesRecordingIntoAnAttachmentAndRetriesAFailedFetch() {
    String base = "http://127.0.0.1:" + recordings.getAddress().getPort();
    cti("phone-cti", params("event", "newCall", "direction", "in", "from", "13812345678", "callId", "rec-1"));
    HttpResponse<String> r = cti("phone-cti", params("event", "hangup", "direction", "in", "callId", "rec-1",
        "cause", "normalClearing", "recordingUrl", base + "/rec/ok.mp3"));
    cti("phone-cti", params("event", "newCall", "direction", "in", "from", "13812345679", "callId", "rec-2",
        "recordingUrl", base + "/rec/flaky.mp3"));
    cti("phone-cti", params("event", "newCall", "direction", "in", "from", "13812345670", "callId", "rec-3",
        "recordingUrl", base + "/rec/huge.wav"));
    cti("phone-cti", params("event", "newCall", "direction", "in", "from", "13812345671", "callId", "rec-4",
        "recordingUrl", "http://evil.example.net/rec.mp3"));
    assertThat(r.statusCode()).isEqualTo(200); // the ticket does not wait for the recording

    String id = new JsonObject(r.body()).getString("id");
    JsonObject t = eventually(() -> gw.ticket(id), x -> !x.getJsonArray("attachments").isEmpty(), "recording rec-1");
    JsonObject a = t.getJsonArray("attachments").getJsonObject(0);
    assertThat(a.getString("sha256")).isEqualTo(io.voxgate.ticket.Hashes.sha256Hex(AUDIO));
    assertThat(a.getString("media_type")).isEqualTo("audio/mpeg");
    assertThat(gw.getBytes("/api/v1/attachments/" + a.getString("id"), TestGateway.ADMIN_TOKEN).body()).isEqualTo(AUDIO);

    JsonObject flaky = eventually(() -> gw.ticket(ticketId("rec-2")), x -> !x.getJsonArray("attachments").isEmpty(), "flaky recording");
    assertThat(flaky.getJsonArray("attachments").getJsonObject(0).getString("filename")).isEqualTo("flaky.mp3");
    assertThat(Psql.count(gw.dbUrl(), "SELECT attempts FROM phone_recording_fetches WHERE call_id = 'rec-2'")).isEqualTo(2);

    eventually(() -> Psql.query(gw.dbUrl(), "SELECT state FROM phone_recording_fetches WHERE call_id = 'rec-3'").get(0).getString(0),
        "dead"::equals, "oversized recording given up");
    JsonObject huge = gw.ticket(ticketId("rec-3"));
    assertThat(huge.getJsonArray("attachments")).isEmpty();
    assertThat(timeline(huge, "call_recording_failed")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("error")).contains("max_size"));
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM phone_recording_fetches WHERE call_id = 'rec-4'")).isZero();
    assertThat(timeline(gw.ticket(ticketId("rec-4")), "call_recording")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("fetch")).isEqualTo("host_not_allowed"));
  }

  static String ticketId(String callId) {
    return Psql.query(gw.dbUrl(), "SELECT id::text FROM tickets WHERE external_id = $1", callId).get(0).getString(0);
  }

  @Test
  void acceptsTwilioCallbacksSignedForThePublicUrlAndAnswersTwiml() {
    HttpResponse<String> incoming = twilio(TWILIO_URL, params("CallSid", "CA100", "From", "+8613866667777",
        "To", "+8640012345", "Direction", "inbound", "CallStatus", "ringing"));
    HttpResponse<String> done = twilio(TWILIO_URL, params("CallSid", "CA100", "From", "+8613866667777",
        "To", "+8640012345", "Direction", "inbound", "CallStatus", "completed", "CallDuration", "42"));
    HttpResponse<String> transcript = twilio(TWILIO_URL, params("CallSid", "CA100", "TranscriptionText",
        "我买的冰箱不制冷，要求上门维修。", "TranscriptionStatus", "completed"));

    assertThat(incoming.statusCode()).isEqualTo(201);
    assertThat(incoming.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
    assertThat(incoming.body()).contains("<Response/>");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(transcript.statusCode()).isEqualTo(200);
    JsonObject t = gw.ticket(ticketId("CA100"));
    assertThat(t.getString("body")).contains("冰箱不制冷").contains("duration 42 s");
    assertThat(t.getJsonArray("flags")).doesNotContain("callback_needed");

    HttpResponse<String> noAnswer = twilio(TWILIO_URL, params("CallSid", "CA101", "From", "+8613866668888",
        "Direction", "inbound", "CallStatus", "no-answer"));
    assertThat(gw.ticket(ticketId("CA101")).getJsonArray("flags")).contains("callback_needed");
    assertThat(noAnswer.statusCode()).isEqualTo(201);
  }

  @Test
  void rejectsTwilioSignatureComputedForAnotherUrlWith401() {
    HttpResponse<String> r = twilio("https://attacker.example.com/intake/phone/phone-twilio",
        params("CallSid", "CA999", "From", "+8613800000000", "CallStatus", "ringing"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).contains("X-Twilio-Signature");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id = 'CA999'")).isZero();
  }

  @Test
  void mapsAJsonCallLogWithAgentNotesIntoTheTicketBody() {
    JsonObject log = new JsonObject().put("record", new JsonObject().put("id", "LOG-2026-0001")
        .put("caller", new JsonObject().put("number", "0755-8888 1234").put("name", "张先生"))
        .put("dialed", "4008001234").put("direction", "呼入")
        .put("times", new JsonObject().put("start", "2026-11-20 10:00:00").put("answer", "2026-11-20 10:00:12")
            .put("end", "2026-11-20 10:05:12"))
        .put("agent", "工号1024").put("result", "已接")
        .put("notes", "客户投诉洗衣机运行时漏水，已安排售后上门检修。"));
    JsonObject t = ticketOf(ctiJson("phone-mapped", log));

    assertThat(t.getString("body")).startsWith("客户投诉洗衣机运行时漏水").contains("duration 300 s");
    assertThat(t.getString("kind")).isEqualTo("complaint");
    assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("+8675588881234");
    assertThat(t.getJsonObject("customer").getString("name")).isEqualTo("张先生");
    assertThat(timeline(t, "call_answered")).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("data").getString("by")).isEqualTo("工号1024"));

    HttpResponse<String> noId = ctiJson("phone-mapped", new JsonObject().put("record", new JsonObject().put("caller", new JsonObject())));
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noId.body()).getJsonObject("error").getString("field")).isEqualTo("record.id");
  }

  @Test
  void rejectsBadInputWithClearErrors() {
    HttpResponse<String> unknown = cti("phone-cti", params("event", "transfer", "callId", "bad-1"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("field")).isEqualTo("event");

    HttpResponse<String> noId = cti("phone-cti", params("event", "newCall", "from", "13800138000"));
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noId.body()).getJsonObject("error").getString("field")).isEqualTo("callId");

    byte[] body = form(params("event", "newCall", "callId", "bad-2")).getBytes(StandardCharsets.UTF_8);
    assertThat(gw.post("/intake/phone/phone-cti", "application/x-www-form-urlencoded", body,
        Signature.HEADER, Signature.sign("wrong", body)).statusCode()).isEqualTo(401);
    assertThat(gw.post("/intake/phone/no-such-source", "application/x-www-form-urlencoded", body).statusCode()).isEqualTo(404);
    assertThat(gw.post("/intake/phone/partner-form", "application/x-www-form-urlencoded", body).statusCode()).isEqualTo(404);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id LIKE 'bad-%'")).isZero();
  }

  @Test
  void acceptsZammadTokenInTheUrlWhenTheSourceAllowsIt() {
    byte[] body = form(params("event", "newCall", "direction", "in", "from", "13800001111", "callId", "token-1"))
        .getBytes(StandardCharsets.UTF_8);
    assertThat(gw.post("/intake/phone/phone-cti-token?token=wrong", "application/x-www-form-urlencoded", body).statusCode()).isEqualTo(401);
    assertThat(gw.post("/intake/phone/phone-cti-token", "application/x-www-form-urlencoded", body).statusCode()).isEqualTo(401);
    assertThat(gw.post("/intake/phone/phone-cti-token?token=cti-token-for-tests", "application/x-www-form-urlencoded", body)
        .statusCode()).isEqualTo(201);
  }
}
