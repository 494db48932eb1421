package io.voxgate.dispatch;

import static io.voxgate.support.TestMailbox.header;
import static io.voxgate.support.TestMailbox.subject;
import static io.voxgate.support.TestMailbox.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestMailbox;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acknowledgements and replies as the customer receives them: GreenMail for mail, a local SMS receiver. */
class AckDispatchIT {
  static final String SMS_SECRET = "sms-secret-for-tests";
  static TestMailbox mail;
  static TestGateway gw;
  static HttpServer smsReceiver;
  static final List<String[]> SMS = new CopyOnWriteArrayList<>();
  static final List<String[]> CALLBACKS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    mail = TestMailbox.start();
    smsReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    smsReceiver.createContext("/sms", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      SMS.add(new String[] {new String(body, StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst(Signature.HEADER)});
      ex.sendResponseHeaders(202, -1);
      ex.close();
    });
    smsReceiver.createContext("/callback", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      CALLBACKS.add(new String[] {new String(body, StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst(Signature.HEADER)});
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    smsReceiver.start();
    gw = TestGateway.start(io.voxgate.support.TestPostgres.newDatabase(), Map.of(
        "VOXGATE_SMTP_URL", mail.url(),
        "VOXGATE_SMTP__RECIPIENT_CAP", "3",
        "VOXGATE_SMS__URL", "http://127.0.0.1:" + smsReceiver.getAddress().getPort() + "/sms",
        "VOXGATE_SMS__SECRET", "${TEST_SMS_SECRET}",
        "TEST_SMS_SECRET", SMS_SECRET,
        "TEST_CALLBACK_URL", "http://127.0.0.1:" + smsReceiver.getAddress().getPort() + "/callback"));
  }

  @AfterAll
  static void stop() {
    gw.close();
    mail.close();
    smsReceiver.stop(0);
  }

  static JsonObject form(String id, String email, String phone) {
    JsonObject f = new JsonObject().put("submission_id", id).put("kind", "complaint").put("name", "韩梅梅")
        .put("subject", "洗衣机噪音大").put("body", "新买的洗衣机噪音很大，要求维修。");
    if (email != null) f.put("email", email);
    if (phone != null) f.put("phone", phone);
    return f;
  }

  static JsonObject submit(JsonObject form) {
    var r = gw.postJson("/intake/webform", form);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  @Test
  void webFormTicketGetsAnAckMailWithItsNumberOurMessageIdAndAutoSubmitted() {
    JsonObject t = submit(form("ack-mail-1", "hanmeimei@example.com", null));
    gw.dispatch();

    List<MimeMessage> got = mail.awaitTo("hanmeimei@example.com", 1, Duration.ofSeconds(10));
    assertThat(got).hasSize(1);
    MimeMessage m = got.get(0);
    String number = t.getString("number");
    assertThat(subject(m)).contains(number).contains("我们已收到您的投诉");
    assertThat(text(m)).contains(number).containsPattern("\\d{4}年\\d{1,2}月\\d{1,2}日 前答复");
    assertThat(header(m, "Auto-Submitted")).isEqualTo("auto-replied");
    String messageId = header(m, "Message-ID");
    assertThat(messageId).matches("<ack\\.\\d+\\.[0-9a-f]+@voxgate\\.local>");

    var row = Psql.query(gw.dbUrl(), "SELECT state, message_id, recipient FROM outbox WHERE ticket_id = $1::uuid", t.getString("id")).get(0);
    assertThat(row.getString("state")).isEqualTo("sent");
    assertThat(row.getString("message_id")).isEqualTo(messageId);
    JsonObject ticket = gw.ticket(t.getString("id"));
    assertThat(ticket.getString("ack_state")).isEqualTo("sent");
    assertThat(ticket.getString("status")).isEqualTo("acknowledged");
    assertThat(ticket.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("type"))).contains("ack_sent");
    assertThat(Psql.query(gw.dbUrl(), "SELECT outcome FROM ticket_clocks WHERE ticket_id = $1::uuid AND clock = 'ack'",
        t.getString("id")).get(0).getString(0)).isEqualTo("met");
    assertThat(gw.get("/metrics", null).body()).containsPattern("(?m)^voxgate_ack_latency_seconds_count [1-9]");
  }

  @Test
  void emailTicketAckAndLaterReplyAreThreadedToTheCustomersMail() {
    UUID id = insertEmailTicket("<abc.123@customer.example>", "wang@example.com", "TS-THREAD-00001", new String[0]);
    gw.dispatch();
    MimeMessage ack = mail.awaitTo("wang@example.com", 1, Duration.ofSeconds(10)).get(0);
    assertThat(header(ack, "In-Reply-To")).isEqualTo("<abc.123@customer.example>");
    assertThat(header(ack, "References")).isEqualTo("<abc.123@customer.example>");
    assertThat(subject(ack)).contains("TS-THREAD-00001");

    Psql.query(gw.dbUrl(), "INSERT INTO outbox (ticket_id, purpose, via, state, due_at, payload) "
        + "VALUES ($1, 'reply', 'email', 'pending', now(), $2::jsonb)", id,
        new JsonObject().put("text", "已为您安排上门维修。").put("author", "客服 小王"));
    gw.dispatch();
    List<MimeMessage> both = mail.awaitTo("wang@example.com", 2, Duration.ofSeconds(10));
    assertThat(both).hasSize(2);
    MimeMessage reply = both.get(1);
    assertThat(text(reply)).contains("已为您安排上门维修。").contains("客服 小王");
    assertThat(header(reply, "In-Reply-To")).isEqualTo("<abc.123@customer.example>");
    assertThat(header(reply, "References")).isEqualTo("<abc.123@customer.example> " + header(ack, "Message-ID"));
    assertThat(header(reply, "Auto-Submitted")).as("a person's reply is not automatic").isNull();
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM timeline WHERE ticket_id = $1 AND type = 'reply_sent'", id)).isEqualTo(1);
    assertThat(Psql.query(gw.dbUrl(), "SELECT outcome FROM ticket_clocks WHERE ticket_id = $1 AND clock = 'feedback'", id)
        .get(0).getString(0)).isEqualTo("met");
  }

  @Test
  void autoRepliesAndNotMailableAddressesGetNoAck() {
    UUID auto = insertEmailTicket("<ooo.1@customer.example>", "away@example.com", "TS-AUTO-00001", new String[] {"auto_reply"});
    UUID bounced = insertEmailTicket("<b.1@customer.example>", "gone@example.com", "TS-GONE-00001", new String[0]);
    Psql.query(gw.dbUrl(), "INSERT INTO suppressed_recipients (address, reason, until) VALUES ('Gone@example.com', 'hard_bounce', now() + interval '30 days')");
    gw.dispatch();
    gw.dispatch();

    assertThat(mail.all().stream().filter(TestMailbox.to("away@example.com"))).isEmpty();
    assertThat(mail.all().stream().filter(TestMailbox.to("gone@example.com"))).isEmpty();
    assertThat(reason(auto)).isEqualTo("suppressed/auto_reply");
    assertThat(reason(bounced)).isEqualTo("suppressed/not_mailable");
    assertThat(gw.ticket(auto.toString()).getString("ack_state")).isEqualTo("suppressed");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM ticket_clocks WHERE ticket_id = $1 AND clock = 'ack'", auto))
        .as("no ack owed, so no ack deadline to miss").isZero();

    Psql.query(gw.dbUrl(), "INSERT INTO outbox (ticket_id, purpose, via, state, due_at, payload) "
        + "VALUES ($1, 'reply', 'email', 'pending', now(), $2::jsonb)", bounced, new JsonObject().put("text", "您好"));
    gw.dispatch();
    assertThat(mail.all().stream().filter(TestMailbox.to("gone@example.com"))).isEmpty();
    assertThat(Psql.query(gw.dbUrl(), "SELECT data ->> 'reason' FROM timeline WHERE ticket_id = $1 AND type = 'reply_suppressed'",
        bounced).get(0).getString(0)).as("the agent sees why the reply did not go").isEqualTo("not_mailable");
  }

  @Test
  void anonymousReportLetterGetsTheOtherClocksButNoAckClockAndNoMessage() {
    UUID id = UUID.randomUUID();
    Psql.query(gw.dbUrl(), "INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at, category, "
        + "severity, ack_state) VALUES ($1, 'TS-ANON-00001', 'report', 'letter', 'mailroom', 'sha-anon', now(), 'other', "
        + "'general', 'suppressed')", id);
    Psql.query(gw.dbUrl(), "INSERT INTO outbox (ticket_id, purpose, via, state, reason, due_at) "
        + "VALUES ($1, 'ack', 'none', 'suppressed', 'no_contact', now())", id);
    gw.dispatch();
    var clocks = Psql.query(gw.dbUrl(), "SELECT clock FROM ticket_clocks WHERE ticket_id = $1 ORDER BY clock", id)
        .stream().map(r -> r.getString(0)).toList();
    assertThat(clocks).containsExactly("feedback", "investigation", "resolution", "transfer");
    assertThat(reason(id)).isEqualTo("suppressed/no_contact");
  }

  @Test
  void atMostTheCapOfAutomaticMailsGoToOneRecipientInTheWindow() {
    for (int i = 0; i < 5; i++) submit(form("cap-" + i, i % 2 == 0 ? "same@example.com" : "Same@Example.COM", null));
    String pending = "SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
        + "WHERE lower(t.customer_email) = 'same@example.com' AND o.state = 'pending'";
    for (int pass = 0; pass < 20 && (pass < 2 || Psql.count(gw.dbUrl(), pending) > 0); pass++) gw.dispatch();

    assertThat(mail.awaitTo("same@example.com", 3, Duration.ofSeconds(10))).hasSize(3);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
        + "WHERE lower(t.customer_email) = 'same@example.com' AND o.state = 'suppressed' AND o.reason = 'recipient_cap'")).isEqualTo(2);
    assertThat(mail.all().stream().filter(TestMailbox.to("same@example.com"))).hasSize(3);
  }

  @Test
  void theCapHoldsWhenTwoGatewaysSendToOneAddressAtOnce() throws Exception {
    String db = io.voxgate.support.TestPostgres.newDatabase();
    Map<String, String> env = Map.of("VOXGATE_SMTP_URL", mail.url(), "VOXGATE_SMTP__RECIPIENT_CAP", "3",
        "VOXGATE_DISPATCH__BATCH", "2", "VOXGATE_DISPATCH__LANES", "4");
    try (TestGateway a = TestGateway.start(db, env); TestGateway b = TestGateway.start(db, env)) {
      ExecutorService senders = Executors.newFixedThreadPool(12); // all at once, so that the claims overlap
      List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        JsonObject f = form("two-" + i, "two@example.com", null);
        TestGateway to = i % 2 == 0 ? a : b;
        posts.add(CompletableFuture.supplyAsync(() -> to.postJson("/intake/webform", f), senders));
      }
      for (CompletableFuture<HttpResponse<String>> p : posts) assertThat(p.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      senders.shutdown();
      for (int pass = 0; pass < 20 && Psql.count(db, "SELECT count(*) FROM outbox WHERE state = 'pending'") > 0; pass++) {
        CompletableFuture.allOf(CompletableFuture.runAsync(a::dispatch), CompletableFuture.runAsync(b::dispatch)).get(60, TimeUnit.SECONDS);
      }

      assertThat(Psql.count(db, "SELECT count(*) FROM outbox WHERE state = 'sent'")).isEqualTo(3);
      assertThat(Psql.count(db, "SELECT count(*) FROM outbox WHERE state = 'suppressed' AND reason = 'recipient_cap'"))
          .isEqualTo(9);
      assertThat(mail.awaitTo("two@example.com", 3, Duration.ofSeconds(10))).hasSize(3);
      assertThat(mail.all().stream().filter(TestMailbox.to("two@example.com"))).hasSize(3);
    }
  }

  @Test
  void phoneOnlyWebFormTicketGetsASignedSms() {
    JsonObject t = submit(form("sms-1", null, "13900001111"));
    gw.dispatch();

    String[] sms = SMS.stream().filter(s -> s[0].contains(t.getString("number"))).findFirst().orElseThrow();
    JsonObject body = new JsonObject(sms[0]);
    assertThat(body.getString("phone")).isEqualTo("13900001111");
    assertThat(body.getString("text")).contains(t.getString("number")).contains("已受理");
    assertThat(Signature.verify(SMS_SECRET, sms[0].getBytes(StandardCharsets.UTF_8), sms[1])).isTrue();
    assertThat(gw.ticket(t.getString("id")).getString("ack_state")).isEqualTo("sent");
  }

  @Test
  void webFormGivingEmailAndPhoneIsAcknowledgedOnBoth() throws Exception {
    JsonObject t = submit(form("both-1", "both@example.com", "13900002222"));
    gw.dispatch();

    List<MimeMessage> mails = mail.awaitTo("both@example.com", 1, Duration.ofSeconds(10));
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).contains(t.getString("number"));
    assertThat(SMS.stream().filter(s -> s[0].contains(t.getString("number")))
        .map(s -> new JsonObject(s[0]).getString("phone")).toList()).containsExactly("13900002222");
    assertThat(Psql.query(gw.dbUrl(), "SELECT via, state FROM outbox o JOIN tickets k ON k.id = o.ticket_id "
        + "WHERE k.number = $1 AND purpose = 'ack' ORDER BY via", t.getString("number")).stream()
        .map(r -> r.getString(0) + "/" + r.getString(1)).toList()).containsExactly("email/sent", "sms/sent");
    assertThat(gw.ticket(t.getString("id")).getString("ack_state")).isEqualTo("sent");
  }

  @Test
  void sourceWithACallbackUrlHearsOfTheAcknowledgedTicketSignedWithItsSecret() throws Exception {
    byte[] body = form("cb-1", "cb@example.com", null).encode().getBytes(StandardCharsets.UTF_8);
    var r = gw.post("/intake/webform/callback-form", "application/json", body,
        Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String number = new JsonObject(r.body()).getString("number");
    gw.dispatch();

    assertThat(mail.awaitTo("cb@example.com", 1, Duration.ofSeconds(10))).hasSize(1);
    String[] call = CALLBACKS.stream().filter(c -> c[0].contains(number)).findFirst().orElseThrow();
    JsonObject sent = new JsonObject(call[0]);
    assertThat(sent.getString("ticket")).isEqualTo(number);
    assertThat(sent.getString("external_id")).isEqualTo("cb-1");
    assertThat(sent.getString("status")).isEqualTo("acknowledged");
    assertThat(Signature.verify(TestGateway.PARTNER_SECRET, call[0].getBytes(StandardCharsets.UTF_8), call[1])).isTrue();
    assertThat(Psql.query(gw.dbUrl(), "SELECT via, state FROM outbox o JOIN tickets k ON k.id = o.ticket_id "
        + "WHERE k.number = $1 AND purpose = 'ack' ORDER BY via", number).stream()
        .map(row -> row.getString(0) + "/" + row.getString(1)).toList()).containsExactly("callback/sent", "email/sent");
    // sources without a callback_url never get one
    assertThat(CALLBACKS).allSatisfy(c -> assertThat(c[0]).contains("cb-"));
  }

  @Test
  void postalLetterIsLeftForThePostalList() {
    UUID id = UUID.randomUUID();
    Psql.query(gw.dbUrl(), "INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at, category, "
        + "severity, ack_state) VALUES ($1, 'TS-POST-00001', 'complaint', 'letter', 'mailroom', 'sha-x', now(), 'other', "
        + "'general', 'postal')", id);
    Psql.query(gw.dbUrl(), "INSERT INTO outbox (ticket_id, purpose, via, state, due_at) VALUES ($1, 'ack', 'postal', 'pending', now())", id);
    gw.dispatch();
    assertThat(reason(id)).isEqualTo("suppressed/postal");
    assertThat(gw.ticket(id.toString()).getString("ack_state")).isEqualTo("postal");
  }

  static String reason(UUID ticket) {
    var r = Psql.query(gw.dbUrl(), "SELECT state, reason FROM outbox WHERE ticket_id = $1 AND purpose = 'ack'", ticket).get(0);
    return r.getString(0) + "/" + r.getString(1);
  }

  static UUID insertEmailTicket(String messageId, String from, String number, String[] flags) {
    UUID id = UUID.randomUUID();
    Psql.query(gw.dbUrl(), "INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at, "
        + "customer_email, subject, body, category, severity, ack_state, flags) VALUES ($1, $2, 'complaint', 'email', "
        + "'mailbox', $3, now(), $4, '冰箱不制冷', '冰箱不制冷，请尽快处理', 'quality', 'general', 'pending', $5)",
        id, number, messageId, from, flags);
    Psql.query(gw.dbUrl(), "INSERT INTO outbox (ticket_id, purpose, via, state, due_at) VALUES ($1, 'ack', 'email', 'pending', now())", id);
    return id;
  }
}
