package io.voxgate.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The raw-MIME webhook on a real gateway: new tickets, threading, loops, bounces, broken mail, re-delivery. */
class EmailWebhookIT {
  static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static String mail(String from, String subject, String messageId, String extraHeaders, String body) {
    return "From: " + from + "\r\nTo: complaints@voxgate.local\r\nSubject: " + subject + "\r\n"
        + (messageId == null ? "" : "Message-ID: " + messageId + "\r\n") + extraHeaders
        + "Date: Mon, 23 Nov 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
  }

  static HttpResponse<String> post(String raw) {
    byte[] body = raw.getBytes(StandardCharsets.UTF_8);
    return gw.post("/intake/email/mailbox", "message/rfc822", body,
        Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body));
  }

  static String id() {
    return "<" + UUID.randomUUID() + "@customer.example>";
  }

  @Test
  void newMailBecomesATicketAndARePostReturnsTheSameOne() {
    String mid = id();
    String raw = mail("\"王先生\" <wang@customer.example>", "=?UTF-8?B?5Lqn5ZOB6LSo6YeP5oqV6K+J?=", mid, "",
        "洗衣机漏水，要求退款。");
    HttpResponse<String> first = post(raw);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    HttpResponse<String> again = post(raw);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(new JsonObject(first.body()).getString("id"));

    JsonObject t = gw.ticket(new JsonObject(first.body()).getString("number"));
    assertThat(t.getString("channel")).isEqualTo("email");
    assertThat(t.getString("external_id")).isEqualTo(mid);
    assertThat(t.getString("subject")).isEqualTo("产品质量投诉");
    assertThat(t.getString("body")).contains("洗衣机漏水");
    assertThat(t.toString()).contains("wang@customer.example").contains("王先生");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id = $1", mid)).isEqualTo(1);
  }

  @Test
  void aMailOverTheBodyLimitGets413AndNothingIsStored() {
    try (TestGateway small = TestGateway.start(io.voxgate.support.TestPostgres.newDatabase(),
        java.util.Map.of("VOXGATE_SERVER__BODY_LIMIT", "65536"))) {
      String mid = id();
      byte[] body = mail("big@customer.example", "大附件", mid, "", "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> r = small.post("/intake/email/mailbox", "message/rfc822", body,
          Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body));
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("too_large");
      assertThat(Psql.count(small.dbUrl(), "SELECT count(*) FROM tickets")).isZero();
      byte[] fits = mail("big@customer.example", "大附件", mid, "", "x".repeat(60_000)).getBytes(StandardCharsets.UTF_8);
      assertThat(small.post("/intake/email/mailbox", "message/rfc822", fits,
          Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, fits)).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void rejectsUnsignedMailWith401() {
    HttpResponse<String> r = gw.post("/intake/email/mailbox", "message/rfc822",
        mail("a@b.example", "x", id(), "", "x").getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isNotBlank();
  }

  @Test
  void replyNamingTheNumberIsAddedToTheTicketAndReopensIt() {
    JsonObject first = new JsonObject(post(mail("li@customer.example", "空调不制冷", id(), "", "请尽快处理")).body());
    String number = first.getString("number");
    Psql.exec(gw.dbUrl(), "UPDATE tickets SET status = 'resolved' WHERE number = '" + number + "'");

    HttpResponse<String> reply = post(mail("Li <LI@customer.example>", "Re: [" + number + "] 空调不制冷", id(), "",
        "还是坏的"));
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(new JsonObject(reply.body()).getString("id")).isEqualTo(first.getString("id"));
    JsonObject t = gw.ticket(number);
    assertThat(t.getString("status")).isEqualTo("reopened");
    assertThat(t.getString("body")).isEqualTo("请尽快处理");
    JsonArray timeline = t.getJsonArray("timeline");
    assertThat(timeline.encode()).contains("customer_reply").contains("还是坏的").contains("reopened");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM raw_inputs WHERE ticket_id = $1",
        UUID.fromString(first.getString("id")))).isEqualTo(2);
  }

  @Test
  void replyByReferencesIsThreadedButOnlyForTheCustomerOrATrustedSender() {
    String mid = id();
    JsonObject first = new JsonObject(post(mail("zhao@customer.example", "冰箱异响", mid, "", "很吵")).body());
    String refs = "In-Reply-To: <ack-1@voxgate.local>\r\nReferences: " + mid + " <ack-1@voxgate.local>\r\n";
    HttpResponse<String> reply = post(mail("zhao@customer.example", "Re: 冰箱异响", id(), refs, "补充：晚上更吵"));
    assertThat(new JsonObject(reply.body()).getString("id")).isEqualTo(first.getString("id"));
    HttpResponse<String> partner = post(mail("agent@partner.example", "Re: 冰箱异响", id(), refs, "已上门"));
    assertThat(new JsonObject(partner.body()).getString("id")).isEqualTo(first.getString("id"));

    HttpResponse<String> stranger = post(mail("mallory@evil.example", "Re: 冰箱异响", id(), refs, "hijack"));
    assertThat(stranger.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(stranger.body()).getString("id")).isNotEqualTo(first.getString("id"));
  }

  @Test
  void replyToOurAckIsThreadedByTheOutboxMessageId() {
    JsonObject first = new JsonObject(post(mail("sun@customer.example", "电视黑屏", id(), "", "开不了机")).body());
    String ours = "<" + UUID.randomUUID() + "@voxgate.local>";
    Psql.exec(gw.dbUrl(), "UPDATE outbox SET message_id = '" + ours + "' WHERE ticket_id = '" + first.getString("id") + "'");
    HttpResponse<String> reply = post(mail("sun@customer.example", "Re: 已受理", id(), "In-Reply-To: " + ours + "\r\n", "谢谢"));
    assertThat(new JsonObject(reply.body()).getString("id")).isEqualTo(first.getString("id"));
  }

  @Test
  void autoReplyIsStoredFlaggedAndNeverAcknowledged() {
    HttpResponse<String> r = post(mail("qian@customer.example", "Out of office", id(),
        "Auto-Submitted: auto-replied\r\n", "I am away until Monday."));
    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject t = gw.ticket(new JsonObject(r.body()).getString("number"));
    assertThat(t.getJsonArray("flags").getList()).contains("auto_reply");
    assertThat(t.getString("ack_state")).isEqualTo("suppressed");
    assertThat(Psql.query(gw.dbUrl(), "SELECT state, reason FROM outbox WHERE ticket_id = $1",
        UUID.fromString(t.getString("id"))).get(0).getString(0)).isEqualTo("suppressed");
  }

  @Test
  void ourOwnMailComingBackIsKeptButIsNoTicket() {
    String ours = "<" + UUID.randomUUID() + "@voxgate.local>";
    HttpResponse<String> r = post(mail("complaints@voxgate.local", "已受理", ours, "X-Voxgate-Loop: 1\r\n", "ack"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("ignored");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id = $1", ours)).isZero();
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM email_messages WHERE message_id = $1 AND raw IS NOT NULL",
        ours)).isEqualTo(1);
  }

  @Test
  void hardBounceOfOurAckSuppressesTheRecipient() {
    JsonObject first = new JsonObject(post(mail("nobody@customer.example", "投诉", id(), "", "x")).body());
    String ours = "<" + UUID.randomUUID() + "@voxgate.local>";
    Psql.exec(gw.dbUrl(), "UPDATE outbox SET message_id = '" + ours + "' WHERE ticket_id = '" + first.getString("id") + "'");
    String dsn = "From: MAILER-DAEMON@mx.customer.example\r\nTo: complaints@voxgate.local\r\nSubject: Undelivered Mail\r\n"
        + "Message-ID: " + id() + "\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        + "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.customer.example\r\n\r\n"
        + "Final-Recipient: rfc822; nobody@customer.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: complaints@voxgate.local\r\nMessage-ID: " + ours
        + "\r\nSubject: ack\r\n\r\n--b1--\r\n";
    HttpResponse<String> r = post(dsn);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("id")).isEqualTo(first.getString("id"));
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM suppressed_recipients WHERE address = 'nobody@customer.example'"
        + " AND until > now() + interval '2 days'")).isEqualTo(1);
    assertThat(gw.ticket(first.getString("number")).getJsonArray("timeline").encode()).contains("\"bounce\"");
  }

  @Test
  void brokenMailIsStoredFlaggedAndListedByTheParseFailedFilter() {
    String raw = "From: x@y.example\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
        + "--b\r\n".repeat(1) + "Content-Type: message/rfc822\r\n\r\n" + "x".repeat(10);
    // nested far deeper than any real mail: the parser gives up on the structure, not on the mail
    StringBuilder deep = new StringBuilder("From: deep@y.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
    for (int i = 0; i < 30; i++) deep.append("Content-Type: multipart/mixed; boundary=\"d").append(i).append("\"\r\n\r\n--d")
        .append(i).append("\r\n");
    deep.append("Content-Type: text/plain\r\n\r\nhello\r\n");
    HttpResponse<String> r = post(deep.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = new JsonObject(r.body()).getString("id");
    JsonObject list = new JsonObject(gw.get("/api/v1/tickets?parse_failed=true", TestGateway.ADMIN_TOKEN).body());
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id"))).contains(id);
    JsonObject others = new JsonObject(gw.get("/api/v1/tickets?parse_failed=false&limit=100", TestGateway.ADMIN_TOKEN).body());
    assertThat(others.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id"))).doesNotContain(id);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM raw_inputs WHERE ticket_id = $1", UUID.fromString(id))).isEqualTo(1);
    assertThat(post(raw).statusCode()).isIn(200, 201);
  }
}
