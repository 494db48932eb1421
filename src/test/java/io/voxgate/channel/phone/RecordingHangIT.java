package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A recording server that accepts the connection and never answers: each fetch gives up after the
 * source's {@code recordings.timeout}, the ticket's timeline says so, fetches are retried with
 * growing waits, the ticket and its acknowledgement do not wait, and once the server answers the
 * recording is attached.
 */
class RecordingHangIT {
  static final String SECRET = "phone-slow-secret";
  static final Duration TIMEOUT = Duration.ofSeconds(2); // long beside an intake answer, even on a busy machine
  static final byte[] AUDIO = "ID3-recording-after-the-hang".getBytes(StandardCharsets.UTF_8);

  SilentServer server;
  TestGateway gw;

  @AfterEach
  void stop() throws IOException {
    if (gw != null) gw.close();
    if (server != null) server.close();
  }

  @Test
  void aHangingRecordingServerTimesOutIsRetriedWithBackOffAndIsAttachedOnceItAnswers() throws Exception {
    server = new SilentServer();
    Path channels = Files.createTempDirectory("voxgate-recording-hang");
    Files.writeString(channels.resolve("phone-slow.yaml"), """
        id: phone-slow
        channel: phone
        format: generic
        secret: ${TEST_PHONE_SLOW_SECRET}
        ring_timeout: PT1H
        callback_within: PT1H
        recordings:
          allowed_hosts: [127.0.0.1]
          timeout: PT2S
          retries: 20
          retry_after: PT0.3S
        """);
    gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_CHANNELS_DIR", channels.toString(),
        "TEST_PHONE_SLOW_SECRET", SECRET));

    HttpResponse<String> warm = cti(Map.of("event", "hangup", "direction", "in", "callId", "warm-up", "from", "13812340001",
        "cause", "normalClearing"));
    assertThat(warm.statusCode()).as(warm.body()).isIn(200, 201); // first request of the JVM, not timed
    String url = "http://127.0.0.1:" + server.port() + "/rec/call-1.mp3";
    Instant sent = Instant.now();
    HttpResponse<String> r = cti(Map.of("event", "hangup", "direction", "in", "callId", "hang-1", "from", "13812340000",
        "cause", "normalClearing", "recordingUrl", url));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    assertThat(Duration.between(sent, Instant.now())).as("the call's ticket does not wait for the recording")
        .isLessThan(TIMEOUT);
    String id = new JsonObject(r.body()).getString("id");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox WHERE ticket_id = $1::uuid AND purpose = 'ack'", id))
        .as("the acknowledgement is planned at once").isEqualTo(1);

    JsonObject waiting = eventually(() -> gw.ticket(id), t -> entries(t, "call_recording_retry").size() >= 3,
        "three timed-out fetches on the timeline");
    List<JsonObject> retries = entries(waiting, "call_recording_retry");
    assertThat(retries).allSatisfy(e -> assertThat(e.getJsonObject("data").getString("error")).containsIgnoringCase("timeout")
        .doesNotContain("Exception"));
    assertThat(waiting.getJsonArray("attachments")).isEmpty();
    assertThat(entries(waiting, "call_recording_failed")).isEmpty();

    List<Instant> hits = List.copyOf(server.accepted);
    assertThat(hits).as("the server was asked once per attempt").hasSizeGreaterThanOrEqualTo(3);
    for (int i = 0; i < 3; i++) { // each attempt ends within the timeout (plus a little for the database)
      Instant gaveUp = Instant.parse(retries.get(i).getString("at"));
      assertThat(Duration.between(hits.get(i), gaveUp)).as("attempt %d", i + 1)
          .isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusSeconds(2));
    }
    List<Duration> waits = retries.stream().limit(3).map(e -> Duration.between(Instant.parse(e.getString("at")),
        Instant.parse(e.getJsonObject("data").getString("next_attempt_at")))).toList();
    assertThat(waits.get(0)).as("first back-off, retry_after").isBetween(Duration.ofMillis(250), Duration.ofMillis(400));
    assertThat(waits.get(1)).as("back-off grows").isGreaterThan(waits.get(0).plusMillis(200));
    assertThat(waits.get(2)).as("and grows again").isGreaterThan(waits.get(1).plusMillis(400));
    for (int i = 0; i < 2; i++) {
      Instant due = Instant.parse(retries.get(i).getJsonObject("data").getString("next_attempt_at"));
      assertThat(hits.get(i + 1)).as("attempt %d not before its time", i + 2).isAfterOrEqualTo(due.minusMillis(50));
    }

    server.answer(AUDIO);
    JsonObject done = eventually(() -> gw.ticket(id), t -> !t.getJsonArray("attachments").isEmpty(), "the recording attached");
    JsonObject a = done.getJsonArray("attachments").getJsonObject(0);
    assertThat(a.getString("filename")).isEqualTo("call-1.mp3");
    assertThat(gw.getBytes("/api/v1/attachments/" + a.getString("id"), TestGateway.ADMIN_TOKEN).body()).isEqualTo(AUDIO);
    assertThat(entries(done, "call_recording_stored")).hasSize(1);
    assertThat(Psql.query(gw.dbUrl(), "SELECT state FROM phone_recording_fetches WHERE call_id = 'hang-1'").get(0)
        .getString(0)).isNotEqualTo("pending");
  }

  HttpResponse<String> cti(Map<String, String> p) {
    byte[] body = PhoneIT.form(new java.util.TreeMap<>(p)).getBytes(StandardCharsets.UTF_8);
    return gw.post("/intake/phone/phone-slow", "application/x-www-form-urlencoded", body,
        Signature.HEADER, Signature.sign(SECRET, body));
  }

  static List<JsonObject> entries(JsonObject ticket, String type) {
    return ticket.getJsonArray("timeline").stream().map(o -> (JsonObject) o).filter(e -> type.equals(e.getString("type")))
        .toList();
  }

  static <T> T eventually(Supplier<T> get, Predicate<T> ok, String what) {
    Instant end = Instant.now().plusSeconds(30);
    T last = get.get();
    while (!ok.test(last)) {
      if (Instant.now().isAfter(end)) throw new AssertionError(what + ": not within 30 s; last " + last);
      try {
        Thread.sleep(100); // polling interval of a bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = get.get();
    }
    return last;
  }

  /** Accepts connections and says nothing until told to answer; then serves the recording. */
  static final class SilentServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<Instant> accepted = new CopyOnWriteArrayList<>();
    final List<Socket> held = new CopyOnWriteArrayList<>();
    volatile byte[] answer;
    final Thread loop = new Thread(this::serve, "silent-recording-server");

    SilentServer() throws IOException {
      loop.setDaemon(true);
      loop.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    void answer(byte[] body) {
      answer = body;
    }

    private void serve() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          accepted.add(Instant.now());
          byte[] body = answer;
          if (body == null) {
            held.add(s); // read nothing, write nothing, keep it open
            continue;
          }
          try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            readHead(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
          }
        } catch (IOException e) {
          // closed, or the gateway hung up: the next accept decides
        }
      }
    }

    private static void readHead(InputStream in) throws IOException {
      int matched = 0;
      for (int i = 0; i < 65536 && matched < 4; i++) { // bounded: a request head ends with CRLF CRLF
        int b = in.read();
        if (b < 0) return;
        matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) s.close();
    }
  }
}
