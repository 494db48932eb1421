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
 * A reply written in the inbox reaches the customer's mailbox threaded under the acknowledgement.
 * The dispatcher sends the outbox row the inbox writes.
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
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM timeline t JOIN tickets k ON k.id = t.ticket_id "
        + "WHERE k.number = $1 AND t.type = 'reply_sent'", number)).isEqualTo(1);
  }
}
