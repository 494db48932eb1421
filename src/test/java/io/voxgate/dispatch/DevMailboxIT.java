package io.voxgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The dev mailbox Main starts without an SMTP server: acks land in it and can be read over IMAP. */
class DevMailboxIT {

  @Test
  void ackSentToTheDevMailboxCanBeReadOverImapAndTheDemoUserLogsIn() throws Exception {
    try (DevMailbox box = DevMailbox.start(freePort(), freePort());
         TestGateway gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_SMTP_URL", box.smtpUrl()))) {
      var r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "dev-1").put("email", "li@example.com")
          .put("subject", "洗碗机漏水").put("body", "洗碗机漏水，请处理。"));
      String number = new JsonObject(r.body()).getString("number");
      gw.dispatch();

      Store store = Session.getInstance(new Properties()).getStore("imap");
      store.connect("127.0.0.1", box.imapPort(), "li@example.com", "li@example.com");
      try {
        Folder inbox = store.getFolder("INBOX");
        Instant end = Instant.now().plusSeconds(10);
        int n = 0;
        while (n == 0 && Instant.now().isBefore(end)) {
          inbox.open(Folder.READ_ONLY);
          n = inbox.getMessageCount();
          if (n == 0) inbox.close(false);
        }
        assertThat(n).isEqualTo(1);
        Message m = inbox.getMessage(1);
        assertThat(m.getSubject()).contains(number);
        inbox.close(false);
      } finally {
        store.close();
      }
      Store demo = Session.getInstance(new Properties()).getStore("imap");
      demo.connect("127.0.0.1", box.imapPort(), DevMailbox.DEMO_USER, DevMailbox.DEMO_PASSWORD);
      assertThat(demo.getFolder("INBOX").exists()).isTrue();
      demo.close();
      assertThat(box.howToRead()).contains(String.valueOf(box.imapPort()));
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
