package io.voxgate.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Email benchmark, not part of the suite (its name matches neither *Test nor *IT; run with {@code -Dtest=EmailBench}): 10,000 raw mails
 * from the corpus mix through the webhook at concurrency 32, and 5,000 through IMAP from GreenMail.
 * Prints messages/s, p99 and ingested vs sent; fails when anything sent was not ingested.
 */
class EmailBench {
  static final int WEBHOOK = Integer.getInteger("voxgate.bench.webhook", 10_000);
  static final int IMAP = Integer.getInteger("voxgate.bench.imap", 5_000);
  static final int CONCURRENCY = 32;
  /** -Dvoxgate.bench.phases=true prints the poller's per-batch phase times (fetch, parse, store, mark, watermark). */
  static final java.util.logging.Logger POLLER = java.util.logging.Logger.getLogger(MailboxPoller.class.getName());

  @Test
  void webhookAndImapThroughput() throws Exception {
    List<byte[]> mix = corpusMix();
    if (Boolean.getBoolean("voxgate.bench.phases")) {
      var console = new java.util.logging.ConsoleHandler();
      console.setLevel(java.util.logging.Level.FINE);
      POLLER.setLevel(java.util.logging.Level.FINE);
      POLLER.addHandler(console);
    }
    String db = TestPostgres.newDatabase();
    Path dir = Files.createTempDirectory("voxgate-bench-channels");
    Files.writeString(dir.resolve("bench.yaml"), "id: bench\nchannel: email\nsecret: ${BENCH_SECRET}\n");
    GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.port(0));
    greenMail.start();
    GreenMailUser user = greenMail.setUser("bench@voxgate.local", "bench@voxgate.local", "pw");
    Files.writeString(dir.resolve("bench-imap.yaml"), """
        id: bench-imap
        channel: email
        imap:
          url: imap://127.0.0.1:%d
          user: bench@voxgate.local
          password: ${BENCH_PW}
          poll: PT1S
          batch: 100
          after: %s
        """.formatted(greenMail.getImap().getPort(), System.getProperty("voxgate.bench.after", "seen")));
    try (TestGateway gw = TestGateway.start(db, Map.of("VOXGATE_CHANNELS_DIR", dir.toString(),
        "BENCH_SECRET", "s", "BENCH_PW", "pw"))) {
      if (WEBHOOK > 0) webhook(gw, mix, db);
      if (IMAP > 0) {
        imap(user, mix, db);
        greenMailAlone(greenMail.getImap().getPort());
      }
    } finally {
      greenMail.stop();
    }
  }

  private void webhook(TestGateway gw, List<byte[]> mix, String db) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    long[] latencies = new long[WEBHOOK];
    List<Future<Integer>> results = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < WEBHOOK; i++) {
      int n = i;
      results.add(pool.submit(() -> {
        byte[] body = unique(mix.get(n % mix.size()), "hook-" + n);
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.url("/intake/email/bench")))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "message/rfc822")
            .header(Signature.HEADER, Signature.sign("s", body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long t = System.nanoTime();
        int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        latencies[n] = System.nanoTime() - t;
        return status;
      }));
    }
    int ok = 0;
    for (Future<Integer> f : results) if (f.get() / 100 == 2) ok++;
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    Arrays.sort(latencies);
    long ingested = Psql.count(db, "SELECT count(*) FROM email_messages WHERE source = 'bench'");
    System.out.printf("BENCH webhook: %d mails, concurrency %d: %.0f msg/s, p50 %.1f ms, p99 %.1f ms, 2xx %d, ingested %d%n",
        WEBHOOK, CONCURRENCY, WEBHOOK / seconds, latencies[WEBHOOK / 2] / 1e6, latencies[WEBHOOK * 99 / 100] / 1e6, ok, ingested);
    assertThat(ok).isEqualTo(WEBHOOK);
    assertThat(ingested).isEqualTo(WEBHOOK);
  }

  /**
   * Delivers {@link #IMAP} mails into GreenMail while the poller runs, and waits until all are stored.
   * Rate = mails / (first delivery → last commit); latency per mail = its delivery → its row in
   * email_messages (written in the commit that stores it).
   */
  private void imap(GreenMailUser user, List<byte[]> mix, String db) throws Exception {
    Session session = Session.getInstance(new Properties());
    Map<String, Long> deliveredAt = new java.util.HashMap<>();
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    for (int i = 0; i < IMAP; i++) {
      String id = "imap-" + i;
      MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(unique(mix.get(i % mix.size()), id)));
      deliveredAt.put("<" + id + "@bench.example>", System.currentTimeMillis());
      user.deliver(m);
    }
    double delivery = (System.nanoTime() - start) / 1e9;
    long deadline = start + Duration.ofMinutes(10).toNanos();
    long ingested = 0;
    while (System.nanoTime() < deadline) {
      ingested = Psql.count(db, "SELECT count(*) FROM email_messages WHERE source = 'bench-imap'");
      if (ingested >= IMAP) break;
      Thread.sleep(200);
    }
    var rows = Psql.query(db, "SELECT message_id, (extract(epoch FROM received_at) * 1000)::bigint FROM email_messages "
        + "WHERE source = 'bench-imap'");
    long last = startMillis;
    long[] latencies = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      long stored = rows.get(i).getLong(1);
      last = Math.max(last, stored);
      latencies[i] = stored - deliveredAt.getOrDefault(rows.get(i).getString(0), stored);
    }
    Arrays.sort(latencies);
    double seconds = Math.max(1, last - startMillis) / 1e3;
    long duplicates = Psql.count(db, "SELECT count(*) - count(DISTINCT external_id) FROM tickets WHERE source = 'bench-imap'");
    System.out.printf("BENCH imap: %d mails from GreenMail (delivered in %.1f s): %.0f msg/s (%.1f s first delivery -> last commit),"
            + " latency delivery -> commit p50 %d ms, p99 %d ms, ingested %d, duplicate tickets %d%n", IMAP, delivery,
        ingested / seconds, seconds, latencies.length == 0 ? -1 : latencies[latencies.length / 2],
        latencies.length == 0 ? -1 : latencies[latencies.length * 99 / 100], ingested, duplicates);
    assertThat(ingested).isEqualTo(IMAP);
    assertThat(duplicates).isZero();
  }

  /**
   * What GreenMail itself costs at the folder size reached, measured with a plain IMAP client and
   * no gateway: 100 bodies fetched in one command, and the Seen flag set on 100 mails in one command.
   */
  private static void greenMailAlone(int port) throws Exception {
    jakarta.mail.Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", port, "bench@voxgate.local", "pw");
    try (jakarta.mail.Folder inbox = store.getFolder("INBOX")) {
      inbox.open(jakarta.mail.Folder.READ_WRITE);
      int n = inbox.getMessageCount();
      jakarta.mail.Message[] last = inbox.getMessages(n - 99, n);
      jakarta.mail.FetchProfile fp = new jakarta.mail.FetchProfile();
      fp.add(org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.MESSAGE);
      long t0 = System.nanoTime();
      inbox.fetch(last, fp);
      long t1 = System.nanoTime();
      inbox.setFlags(last, new jakarta.mail.Flags(jakarta.mail.Flags.Flag.FLAGGED), true);
      long t2 = System.nanoTime();
      System.out.printf("BENCH GreenMail alone at %d mails in the folder: FETCH of 100 bodies %d ms, STORE of 100 flags %d ms%n",
          n, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    } finally {
      store.close();
    }
  }

  /** The corpus mails, each made unique by a Message-ID of its own placed before its headers. */
  private static byte[] unique(byte[] mail, String id) {
    byte[] head = ("Message-ID: <" + id + "@bench.example>\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + mail.length);
    System.arraycopy(mail, 0, out, head.length, mail.length);
    return out;
  }

  private static List<byte[]> corpusMix() throws Exception {
    Path corpus = MailCorpusTest.CORPUS;
    Assumptions.assumeTrue(Files.isDirectory(corpus), "mail corpus not present at " + corpus);
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(corpus)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".box") || p.toString().endsWith(".eml")).sorted().toList()) {
        byte[] b = Files.readAllBytes(p);
        if (!new String(b, 0, Math.min(5, b.length), StandardCharsets.ISO_8859_1).equals("From ")) out.add(b);
      }
    }
    return out;
  }
}
