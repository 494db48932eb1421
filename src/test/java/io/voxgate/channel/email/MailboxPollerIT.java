package io.voxgate.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IMAP polling against a real GreenMail server: watermark not Seen flag, IDLE, interruption, one poller per mailbox. */
class MailboxPollerIT {
  static final String USER = "complaints@voxgate.local";
  static final String PASSWORD = "mailbox-secret";
  GreenMail greenMail;
  GreenMailUser user;

  @BeforeEach
  void startMailServer() {
    greenMail = new GreenMail(ServerSetupTest.IMAP.port(0));
    greenMail.start();
    user = greenMail.setUser(USER, USER, PASSWORD);
  }

  @AfterEach
  void stopMailServer() {
    greenMail.stop();
  }

  @Test
  void mailsAlreadyMarkedSeenByAnotherClientAreStillIngestedOnceAndMarkedAfterCommit() throws Exception {
    for (int i = 0; i < 5; i++) deliver("wu" + i + "@customer.example", "热水器故障 " + i, null);
    try (Store other = imap(); Folder inbox = other.getFolder("INBOX")) {
      inbox.open(Folder.READ_WRITE);
      inbox.setFlags(new int[] {1, 2, 3}, new Flags(Flags.Flag.SEEN), true);
    }
    String db = TestPostgres.newDatabase();
    try (TestGateway a = gateway(db, "after: seen\n  idle: false\n  poll: PT1H");
         TestGateway b = gateway(db, "after: seen\n  idle: false\n  poll: PT1H")) {
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets WHERE source = 'imap-test'") == 5, "5 tickets");
      assertThat(Psql.count(db, "SELECT count(DISTINCT external_id) FROM tickets")).isEqualTo(5);
      assertThat(Psql.count(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")).isEqualTo(1);
      await(() -> a.get("/metrics", null).body().contains("voxgate_mailbox_unprocessed{source=\"imap-test\"} 0.0")
          || b.get("/metrics", null).body().contains("voxgate_mailbox_unprocessed{source=\"imap-test\"} 0.0"), "gauge 0");
      try (Store other = imap(); Folder inbox = other.getFolder("INBOX")) {
        inbox.open(Folder.READ_ONLY);
        for (Message m : inbox.getMessages()) assertThat(m.isSet(Flags.Flag.SEEN)).isTrue();
      }
      JsonObject ready = new JsonObject(a.get("/health/ready", null).body());
      JsonObject readyB = new JsonObject(b.get("/health/ready", null).body());
      assertThat(ready.encode() + readyB.encode()).contains("source:imap-test").contains("last_success");
    }
  }

  @Test
  void idleTakesNewMailWithoutWaitingForThePollAndThreadsAReplyByNumber() throws Exception {
    String db = TestPostgres.newDatabase();
    try (TestGateway gw = gateway(db, "after: keep\n  idle: true\n  poll: PT1H")) {
      await(() -> Psql.count(db, "SELECT count(*) FROM mailbox_state") == 0 && mailboxPolled(gw), "first poll");
      deliver("zheng@customer.example", "燃气灶打不着火", null);
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") == 1, "ticket via IDLE");
      String number = Psql.query(db, "SELECT number FROM tickets").get(0).getString(0);
      deliver("zheng@customer.example", "Re: " + number + " 燃气灶打不着火", null);
      await(() -> gw.ticket(number).getJsonArray("timeline").encode().contains("customer_reply"), "reply threaded");
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets")).isEqualTo(1);
    }
  }

  @Test
  void aPollerStoppedMidBatchLosesAndDuplicatesNothing() throws Exception {
    int total = 40;
    for (int i = 0; i < total; i++) deliver("n" + i + "@customer.example", "投诉 " + i, null);
    String db = TestPostgres.newDatabase();
    String settings = "after: move\n  move_to: Done\n  idle: false\n  poll: PT1H\n  batch: 3";
    try (TestGateway first = gateway(db, settings)) {
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") >= 1, "first tickets");
    } // stopped while it works through the folder
    long before = Psql.count(db, "SELECT count(*) FROM tickets");
    try (TestGateway second = gateway(db, settings)) {
      String[] seen = {""};
      try {
        await(() -> {
          seen[0] = Psql.count(db, "SELECT count(*) FROM tickets") + " tickets, " + folderSize("INBOX") + " in INBOX, "
              + folderSize("Done") + " in Done, " + Psql.count(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
              + " mailbox lock(s)";
          return seen[0].startsWith(total + " tickets, 0 in INBOX");
        }, "all mail");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; last seen " + seen[0], e);
      }
      assertThat(Psql.count(db, "SELECT count(DISTINCT external_id) FROM tickets")).isEqualTo(total);
      assertThat(folderSize("Done")).isEqualTo(total);
    }
    System.out.println("interrupted after " + before + " of " + total + " tickets");
  }

  @Test
  void aChangedUidValidityRescansTheFolderWithoutDuplicates() throws Exception {
    for (int i = 0; i < 3; i++) deliver("feng" + i + "@customer.example", "微波炉 " + i, null);
    String db = TestPostgres.newDatabase();
    String settings = "after: keep\n  idle: false\n  poll: PT1H";
    long validity;
    try (TestGateway first = gateway(db, settings)) {
      await(() -> Psql.count(db, "SELECT count(*) FROM mailbox_state WHERE last_uid > 0") == 1
          && Psql.count(db, "SELECT count(*) FROM tickets") == 3, "3 tickets");
      validity = Psql.query(db, "SELECT uid_validity FROM mailbox_state").get(0).getLong(0);
    }
    // as after a mailbox restore: the server's UIDs no longer match ours
    Psql.exec(db, "UPDATE mailbox_state SET uid_validity = uid_validity + 1000, last_uid = 99999");
    deliver("feng3@customer.example", "微波炉 3", null);
    try (TestGateway second = gateway(db, settings)) {
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") == 4
          && Psql.count(db, "SELECT count(*) FROM mailbox_state WHERE uid_validity = " + validity) == 1, "re-scan");
      assertThat(Psql.count(db, "SELECT count(DISTINCT external_id) FROM tickets")).isEqualTo(4);
    }
  }

  @Test
  void anUnreachableMailboxIsRecordedAndRetriedWithoutStoppingTheGateway() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    greenMail.stop();
    Path dir = Files.createTempDirectory("voxgate-imap-channels");
    Files.writeString(dir.resolve("down.yaml"), """
        id: down
        channel: email
        imap:
          url: imap://127.0.0.1:%d
          user: nobody
          password: ${TEST_MAILBOX_PASSWORD}
          poll: PT1S
          timeout: PT2S
        """.formatted(port));
    try (TestGateway gw = TestGateway.start(TestPostgres.newDatabase(),
        Map.of("VOXGATE_CHANNELS_DIR", dir.toString(), "TEST_MAILBOX_PASSWORD", "x"))) {
      String[] first = new String[1];
      await(() -> {
        JsonObject check = source(gw, "down");
        first[0] = check.getString("last_error_at");
        return check.getString("last_error", "").contains("IMAP poll failed");
      }, "recorded failure");
      await(() -> !first[0].equals(source(gw, "down").getString("last_error_at")), "retried");
      assertThat(gw.get("/health/live", null).statusCode()).isEqualTo(200);
    }
  }

  /**
   * The IMAP server goes away while the poller is inside a batch and comes back restored: same
   * port, same mails with the same Message-IDs, but (GreenMail keeps no state) new UIDs and
   * UIDVALIDITY — as a mailbox restored from a backup looks.
   */
  @Test
  void anImapServerRestartedMidPollIsRecordedAndRecoveredWithEveryMailOnceTicket() throws Exception {
    int total = 300;
    String run = UUID.randomUUID().toString();
    java.util.function.IntFunction<String> messageId = i -> "<restart-" + i + "-" + run + "@customer.example>";
    for (int i = 0; i < total; i++) deliver("r" + i + "@customer.example", "停电投诉 " + i, messageId.apply(i), null);
    int port = greenMail.getImap().getPort();
    String db = TestPostgres.newDatabase();
    try (TestGateway gw = gateway(db, "after: seen\n  idle: false\n  poll: PT1S\n  batch: 5")) {
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") >= 20, "the poller inside its batches");
      greenMail.stop();
      java.time.Instant down = java.time.Instant.now();
      long before = Psql.count(db, "SELECT count(*) FROM tickets");
      assertThat(before).as("stopped mid-poll").isLessThan(total);
      await(() -> {
        JsonObject check = source(gw, "imap-test");
        return check.getString("last_error", "").contains("IMAP poll failed")
            && java.time.Instant.parse(check.getString("last_error_at")).isAfter(down.minusSeconds(1));
      }, "failure shown by /health/ready");

      greenMail = new GreenMail(ServerSetupTest.IMAP.port(port));
      greenMail.start();
      user = greenMail.setUser(USER, USER, PASSWORD);
      for (int i = 0; i < total; i++) deliver("r" + i + "@customer.example", "停电投诉 " + i, messageId.apply(i), null);
      java.time.Instant up = java.time.Instant.now();
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") == total
          && gw.get("/metrics", null).body().contains("voxgate_mailbox_unprocessed{source=\"imap-test\"} 0.0")
          && java.time.Instant.parse(source(gw, "imap-test").getString("last_success")).isAfter(up), "recovery",
          Duration.ofSeconds(90));
      String[] ids = java.util.stream.IntStream.range(0, total).mapToObj(messageId).toArray(String[]::new);
      assertThat(Psql.count(db, "SELECT count(DISTINCT external_id) FROM tickets WHERE external_id = ANY($1)", (Object) ids))
          .isEqualTo(total);
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets")).isEqualTo(total);
      assertThat(folderSize("INBOX")).isEqualTo(total);
      System.out.println("IMAP server stopped after " + before + " of " + total + " tickets");
    }
  }

  @Test
  void mailArrivingWhileABacklogIsWorkedThroughIsTakenWithoutWaitingForThePoll() throws Exception {
    int first = 100;
    for (int i = 0; i < first; i++) deliver("b" + i + "@customer.example", "积压 " + i, null);
    String db = TestPostgres.newDatabase();
    try (TestGateway gw = gateway(db, "after: seen\n  idle: false\n  poll: PT1H\n  batch: 5")) {
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") >= 1, "the backlog under way");
      for (int i = 0; i < 5; i++) deliver("late" + i + "@customer.example", "迟到 " + i, null);
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets")).as("still inside the backlog").isLessThan(first);
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") == first + 5, "late mail without an hour's wait");
      await(() -> gw.get("/metrics", null).body().contains("voxgate_mailbox_unprocessed{source=\"imap-test\"} 0.0"), "gauge 0");
    }
  }

  @Test
  void aReplyFetchedInTheSameBatchAsItsOriginalIsAddedToItsTicket() throws Exception {
    String original = "<orig-" + UUID.randomUUID() + "@customer.example>";
    for (int i = 0; i < 10; i++) deliver("other" + i + "@customer.example", "投诉 " + i, null);
    deliver("he@customer.example", "冰箱不制冷", original, null);
    deliver("he@customer.example", "Re: 冰箱不制冷", "<re-" + UUID.randomUUID() + "@customer.example>",
        "In-Reply-To: " + original + "\r\nReferences: " + original + "\r\n");
    String db = TestPostgres.newDatabase();
    try (TestGateway gw = gateway(db, "after: keep\n  idle: false\n  poll: PT1H\n  batch: 50")) {
      await(() -> Psql.count(db, "SELECT count(*) FROM email_messages") == 12, "all mails processed");
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets")).isEqualTo(11);
      String number = Psql.query(db, "SELECT number FROM tickets WHERE external_id = $1", original).get(0).getString(0);
      assertThat(gw.ticket(number).getJsonArray("timeline").encode()).contains("customer_reply");
    }
  }

  @Test
  void aMailLargerThanMaxSizeBecomesATicketFromItsBeginningFlaggedAndStaysInTheMailbox() throws Exception {
    String text = "热水器漏水，照片和视频在附件里。";
    byte[] video = new byte[300_000];
    new java.util.Random(7).nextBytes(video);
    String raw = "From: Big <big@customer.example>\r\nTo: " + USER + "\r\nSubject: 热水器投诉\r\n"
        + "Message-ID: <big-1@customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n--b\r\nContent-Type: video/mp4; name=\"leak.mp4\"\r\n"
        + "Content-Disposition: attachment; filename=\"leak.mp4\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + java.util.Base64.getMimeEncoder().encodeToString(video) + "\r\n--b--\r\n";
    user.deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    deliver("small@customer.example", "小邮件", null);
    String db = TestPostgres.newDatabase();
    try (TestGateway gw = gateway(db, "after: seen\n  idle: false\n  poll: PT1H\n  max_size: 64KB")) {
      await(() -> Psql.count(db, "SELECT count(*) FROM tickets") == 2, "both mails ticketed");
      var big = Psql.query(db, "SELECT id, body, flags::text, (SELECT count(*) FROM attachments a WHERE a.ticket_id = t.id), "
          + "ack_state FROM tickets t WHERE external_id = '<big-1@customer.example>'").get(0);
      assertThat(big.getString(1)).startsWith(text).contains("larger than imap.max_size (65536 bytes)")
          .contains("in the mailbox");
      assertThat(big.getString(2)).contains("too_large");
      assertThat(big.getLong(3)).as("no file cut short is stored").isZero();
      assertThat(Psql.count(db, "SELECT count(*) FROM raw_inputs WHERE ticket_id = $1 AND size <= 65536",
          big.getUUID(0))).isEqualTo(1);
      assertThat(Psql.query(db, "SELECT flags::text FROM tickets WHERE external_id <> '<big-1@customer.example>'").get(0)
          .getString(0)).doesNotContain("too_large");
      await(() -> gw.get("/metrics", null).body().contains("voxgate_mailbox_unprocessed{source=\"imap-test\"} 0.0"), "gauge 0");
    }
    assertThat(folderSize("INBOX")).as("the whole mail stays in the mailbox").isEqualTo(2);
  }

  @Test
  void aMailCarryingOurConfiguredMessageIdDomainIsKeptButIsNoTicket() throws Exception {
    deliver("complaints@mail.shop.example", "已受理", "<ack-" + UUID.randomUUID() + "@Mail.Shop.Example>", null);
    deliver("chu@customer.example", "空调不制冷", null, null);
    String db = TestPostgres.newDatabase();
    try (TestGateway gw = gateway(db, "after: keep\n  idle: false\n  poll: PT1H",
        Map.of("VOXGATE_SMTP__MESSAGE_ID_DOMAIN", "mail.shop.example"))) {
      await(() -> Psql.count(db, "SELECT count(*) FROM email_messages") == 2, "both mails processed");
      assertThat(Psql.count(db, "SELECT count(*) FROM tickets")).isEqualTo(1);
      assertThat(Psql.query(db, "SELECT disposition FROM email_messages WHERE message_id LIKE '<ack-%'").get(0).getString(0))
          .isEqualTo("loop");
    }
  }

  private static JsonObject source(TestGateway gw, String id) {
    JsonObject ready = new JsonObject(gw.get("/health/ready", null).body());
    for (Object o : ready.getJsonArray("checks")) {
      JsonObject c = (JsonObject) o;
      if (("source:" + id).equals(c.getString("id"))) return c.getJsonObject("data", new JsonObject());
    }
    throw new AssertionError("no check for " + id + " in " + ready);
  }

  private TestGateway gateway(String db, String imapSettings) throws Exception {
    return gateway(db, imapSettings, Map.of());
  }

  private TestGateway gateway(String db, String imapSettings, Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory("voxgate-imap-channels");
    Files.writeString(dir.resolve("imap-test.yaml"), """
        id: imap-test
        channel: email
        imap:
          url: imap://127.0.0.1:%d
          user: %s
          password: ${TEST_MAILBOX_PASSWORD}
          timeout: PT5S
          %s
        """.formatted(greenMail.getImap().getPort(), USER, imapSettings));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("VOXGATE_CHANNELS_DIR", dir.toString());
    all.put("TEST_MAILBOX_PASSWORD", PASSWORD);
    return TestGateway.start(db, all);
  }

  private void deliver(String from, String subject, String extraHeaders) throws Exception {
    deliver(from, subject, null, extraHeaders);
  }

  private void deliver(String from, String subject, String messageId, String extraHeaders) throws Exception {
    String id = messageId != null ? messageId : "<" + UUID.randomUUID() + "@customer.example>";
    String raw = "From: " + from + "\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\nMessage-ID: " + id
        + "\r\n" + (extraHeaders == null ? "" : extraHeaders)
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=GB18030\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    byte[] bytes = concat(raw.getBytes(StandardCharsets.UTF_8), "产品有问题，请联系我。".getBytes("GB18030"));
    user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private Store imap() throws Exception {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", greenMail.getImap().getPort(), USER, PASSWORD);
    return s;
  }

  private int folderSize(String name) throws Exception {
    try (Store s = imap(); Folder f = s.getFolder(name)) {
      if (!f.exists()) return 0;
      f.open(Folder.READ_ONLY);
      return f.getMessageCount();
    }
  }

  private static void await(Callable<Boolean> condition, String what) {
    await(condition, what, Duration.ofSeconds(30));
  }

  private static void await(Callable<Boolean> condition, String what, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.call()) return;
      } catch (Exception ignored) {
        // not ready yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  /** The mailbox source's own readiness check shows a finished poll. */
  private static boolean mailboxPolled(TestGateway gw) {
    var checks = new JsonObject(gw.get("/health/ready", null).body()).getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      JsonObject c = checks.getJsonObject(i);
      if ("source:imap-test".equals(c.getString("id"))) {
        JsonObject data = c.getJsonObject("data");
        return data != null && data.getString("last_success") != null;
      }
    }
    return false;
  }
}
