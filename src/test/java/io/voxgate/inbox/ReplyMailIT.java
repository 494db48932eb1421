package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox and the dispatcher together: a reply written in the inbox reaches the customer's
 * mailbox threaded under the acknowledgement, and workflow changes drive the deadline clocks.
 */
class ReplyMailIT {
  static GreenMail mail;
  static TestGateway gw;

  @BeforeAll
  static void start() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_SMTP_URL", "smtp://127.0.0.1:" + mail.getSmtp().getPort()));
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (mail != null) mail.stop();
  }

  static List<MimeMessage> to(String address, int n) throws Exception {
    for (int i = 0; i < 100; i++) { // bounded: 100 × 100 ms
      List<MimeMessage> got = Arrays.stream(mail.getReceivedMessages())
          .filter(m -> GreenMailUtil.getAddressList(safeTo(m)).contains(address)).toList();
      if (got.size() >= n) return got;
      mail.waitForIncomingEmail(100, mail.getReceivedMessages().length + 1);
    }
    throw new AssertionError("fewer than " + n + " mails to " + address);
  }

  static jakarta.mail.Address[] safeTo(MimeMessage m) {
    try {
      return m.getRecipients(jakarta.mail.Message.RecipientType.TO);
    } catch (jakarta.mail.MessagingException e) {
      return new jakarta.mail.Address[0];
    }
  }

  /** The decoded text of a mail: its body, or the text parts of a multipart one. */
  static String text(jakarta.mail.Part p) throws Exception {
    Object c = p.getContent();
    if (c instanceof String s) return s;
    StringBuilder out = new StringBuilder();
    if (c instanceof jakarta.mail.Multipart m) {
      for (int i = 0; i < m.getCount(); i++) out.append(text(m.getBodyPart(i)));
    }
    return out.toString();
  }

  @Test
  void replyReachesTheCustomerThreadedUnderTheAcknowledgement() throws Exception {
    HttpResponse<String> r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "reply-mail")
        .put("email", "zhao@example.com").put("subject", "空调不制冷").put("body", "新装空调不制冷").put("kind", "complaint"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String number = new JsonObject(r.body()).getString("number");
    MimeMessage ack = to("zhao@example.com", 1).get(0);

    HttpResponse<String> reply = new InboxFixtures(gw).post("/api/v1/tickets/" + number + "/replies",
        new JsonObject().put("text", "您好，师傅明天上午上门检修。"), TestGateway.ADMIN_TOKEN);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);

    MimeMessage sent = to("zhao@example.com", 2).get(1);
    assertThat(sent.getSubject()).contains(number);
    assertThat(sent.getHeader("In-Reply-To", " ")).isNotNull();
    assertThat(sent.getHeader("References", " ")).contains(ack.getMessageID());
    assertThat(text(sent)).contains("您好，师傅明天上午上门检修。");
    // the mail can arrive before the dispatcher has recorded it: wait (bounded) for the timeline entry
    String sentSql = "SELECT count(*) FROM timeline t JOIN tickets k ON k.id = t.ticket_id "
        + "WHERE k.number = $1 AND t.type = 'reply_sent'";
    long recorded = 0;
    for (int i = 0; i < 100 && recorded == 0; i++) { // bounded: 100 × 100 ms
      recorded = Psql.count(gw.dbUrl(), sentSql, number);
      if (recorded == 0) mail.waitForIncomingEmail(100, Integer.MAX_VALUE);
    }
    assertThat(recorded).isEqualTo(1);
  }

  @Test
  void workflowChangesInTheInboxDriveTheDeadlineClocks() throws Exception {
    HttpResponse<String> r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "clock-drive")
        .put("email", "qian@example.com").put("subject", "热水器漏水").put("body", "热水器漏水，要求上门维修").put("kind", "complaint"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String number = new JsonObject(r.body()).getString("number");
    to("qian@example.com", 1);
    InboxFixtures fx = new InboxFixtures(gw);

    for (String status : List.of("in_progress", "replied", "resolved")) {
      HttpResponse<String> p = fx.patch(number, new JsonObject().put("status", status), TestGateway.ADMIN_TOKEN, null);
      assertThat(p.statusCode()).as(status + ": " + p.body()).isEqualTo(200);
    }
    String ticket = "(SELECT id FROM tickets WHERE number = '" + number + "')";
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM ticket_clocks WHERE ticket_id = " + ticket
        + " AND clock = 'resolution' AND stopped_at IS NOT NULL AND outcome = 'met'")).isEqualTo(1);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM ticket_clocks WHERE ticket_id = " + ticket
        + " AND clock = 'return_visit' AND stopped_at IS NULL")).isEqualTo(1);

    HttpResponse<String> visit = fx.post("/api/v1/tickets/" + number + "/visits",
        new JsonObject().put("reached", true).put("satisfaction", 5).put("comment", "满意"), TestGateway.ADMIN_TOKEN);
    assertThat(visit.statusCode()).as(visit.body()).isEqualTo(201);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM ticket_clocks WHERE ticket_id = " + ticket
        + " AND clock = 'return_visit' AND outcome = 'met'")).isEqualTo(1);
  }
}
