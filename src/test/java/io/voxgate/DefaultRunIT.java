package io.voxgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.fault.GatewayProcess;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a newcomer gets it: {@code Main} with no database, SMTP or SMS
 * configured and the demo sources of {@code channels/} — embedded PostgreSQL, dev mailbox and dev
 * SMS receiver. Mail sent to the demo mailbox becomes a ticket; a phone-only web form is
 * acknowledged by an SMS that the dev receiver lists.
 */
class DefaultRunIT {
  private static final String ADMIN = "vxg_default-run-admin-token";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void demoMailboxAndDevSmsWorkOutOfTheBox(@TempDir Path tmp) throws Exception {
    int port = GatewayProcess.freePort();
    int smtp = GatewayProcess.freePort();
    int imap = GatewayProcess.freePort();
    int sms = GatewayProcess.freePort();
    Map<String, String> env = Map.of("VOXGATE_HTTP_PORT", String.valueOf(port),
        "VOXGATE_DATA_DIR", Files.createDirectories(tmp.resolve("data")).toString(),
        "VOXGATE_ADMIN_TOKEN", ADMIN,
        "VOXGATE_SMTP__DEV_SMTP_PORT", String.valueOf(smtp), "VOXGATE_SMTP__DEV_IMAP_PORT", String.valueOf(imap),
        "VOXGATE_SMS__DEV_PORT", String.valueOf(sms));
    try (GatewayProcess gateway = new GatewayProcess(env, tmp.resolve("gateway.log"))) {
      gateway.start();

      HttpResponse<String> form = send(HttpRequest.newBuilder(uri(port, "/intake/webform"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("submission_id", "default-run-1")
              .put("name", "赵六").put("phone", "13700001234").put("body", "快递三天没送到，电话也打不通。").encode())));
      assertThat(form.statusCode()).as(form.body()).isEqualTo(201);
      String number = new JsonObject(form.body()).getString("number");
      JsonObject text = await(() -> smsFor(sms, number), "the SMS ack of " + number + " in the dev SMS receiver");
      assertThat(text.getString("phone")).isEqualTo("13700001234");
      assertThat(text.getString("text")).contains(number);

      mailToDemoMailbox(smtp, "冰箱质量投诉", "冰箱买回来三天就不制冷了。");
      JsonObject ticket = await(() -> ticketWithSubject(port, "冰箱质量投诉"), "a ticket from the demo mailbox");
      assertThat(ticket.getString("channel")).isEqualTo("email");
      assertThat(ticket.getString("source")).isEqualTo("mailbox-demo");
      assertThat(ticket.getJsonObject("customer").getString("email")).isEqualTo("zhou@customer.example");
    }
  }

  private JsonObject smsFor(int smsPort, String number) {
    JsonArray all = new JsonArray(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + smsPort + "/")).GET()).body());
    for (int i = 0; i < all.size(); i++) {
      if (number.equals(all.getJsonObject(i).getString("ticket"))) return all.getJsonObject(i);
    }
    return null;
  }

  private JsonObject ticketWithSubject(int port, String subject) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(port, "/api/v1/tickets?channel=email"))
        .header("Authorization", "Bearer " + ADMIN).GET());
    JsonArray items = new JsonObject(r.body()).getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      if (subject.equals(items.getJsonObject(i).getString("subject"))) return items.getJsonObject(i);
    }
    return null;
  }

  private static void mailToDemoMailbox(int smtpPort, String subject, String body) throws Exception {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", String.valueOf(smtpPort));
    MimeMessage m = new MimeMessage(Session.getInstance(p));
    m.setFrom(new InternetAddress("zhou@customer.example", "周女士", "UTF-8"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress("complaints@voxgate.local"));
    m.setSubject(subject, "UTF-8");
    m.setText(body, "UTF-8");
    Transport.send(m);
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bounded wait: the first non-null answer within 60 s (the demo mailbox is polled by IDLE or every 30 s). */
  private static <T> T await(Supplier<T> probe, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      T found = probe.get();
      if (found != null) return found;
      Thread.sleep(250);
    }
    throw new AssertionError("not seen within 60 s: " + what);
  }
}
