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

  @Test
  void webhookAndImapThroughput() throws Exception {
    List<byte[]> mix = corpusMix();
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
          after: seen
        """.formatted(greenMail.getImap().getPort()));
    try (TestGateway gw = TestGateway.start(db, Map.of("VOXGATE_CHANNELS_DIR", dir.toString(),
        "BENCH_SECRET", "s", "BENCH_PW", "pw"))) {
      webhook(gw, mix, db);
      imap(user, mix, db);
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

  private void imap(GreenMailUser user, List<byte[]> mix, String db) throws Exception {
    Session session = Session.getInstance(new Properties());
    for (int i = 0; i < IMAP; i++) {
      user.deliver(new MimeMessage(session, new ByteArrayInputStream(unique(mix.get(i % mix.size()), "imap-" + i))));
    }
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(10).toNanos();
    long ingested = 0;
    while (System.nanoTime() < deadline) {
      ingested = Psql.count(db, "SELECT count(*) FROM email_messages WHERE source = 'bench-imap'");
      if (ingested >= IMAP) break;
      Thread.sleep(200);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("BENCH imap: %d mails from GreenMail: %.0f msg/s (%.1f s), ingested %d%n", IMAP, ingested / seconds,
        seconds, ingested);
    assertThat(ingested).isEqualTo(IMAP);
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
