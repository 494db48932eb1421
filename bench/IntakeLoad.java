import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop load generator of bench/run.sh and bench/two-gateways.sh, JDK only:
 *
 * <pre>java bench/IntakeLoad.java CHANNEL URLS CONCURRENCY SECONDS RUN_ID [SECRET]</pre>
 *
 * CHANNEL is webform (JSON, unique submission_id; webform-mail: the customer gives a unique
 * address {@code <id>@customer.example} instead of a phone, so the acknowledgement goes by mail), phone (generic CTI: newCall, answer, hangup of
 * one call in turn, unique callId), email (raw MIME from bench/mail/*.eml, unique Message-ID and
 * sender) or letter (multipart upload of a one-page text-layer PDF made here, unique letter_id and
 * text). URLS: one intake URL, or several separated by commas (connection i uses URL i mod n).
 * CONCURRENCY connections each send one request after another for SECONDS, after the client's own
 * warm-up ({@code -Dbench.clientWarmup=2} seconds: sent and counted in the status codes, not in the rate
 * or latencies); a started phone call is finished, and every request in flight is awaited, so the
 * 201 count is exact. With SECRET every
 * body is signed ({@code X-Voxgate-Signature: sha256=<HMAC-SHA256>}).
 *
 * <p>Prints one line {@code BENCH key=value ...}: requests, rps, p50_ms, p99_ms, max_ms (the measured
 * window), total and ok (all requests, all 2xx answers, warm-up included), non2xx and errors (no HTTP
 * answer), over all requests too, created (201, or 202 for a letter: new tickets), codes (status:count,...).
 */
public class IntakeLoad {
  static final String[] MAIL_TEMPLATES = loadMails();

  public static void main(String[] a) throws Exception {
    String channel = a[0];
    String[] urls = a[1].split(",");
    int concurrency = Integer.parseInt(a[2]);
    long seconds = Long.parseLong(a[3]);
    String run = a[4];
    String secret = a.length > 5 && !a[5].isEmpty() ? a[5] : null;
    if (!List.of("webform", "webform-mail", "phone", "email", "letter").contains(channel)) throw new IllegalArgumentException("channel " + channel);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    // the client's own warm-up (class loading, JIT, connections): its requests are sent and counted
    // in the status codes, but not in the rate or the latencies
    long warmup = (long) (Double.parseDouble(System.getProperty("bench.clientWarmup", "2")) * 1e9);
    long start = System.nanoTime() + warmup;
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<Worker>> futures = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Worker worker = new Worker(channel, URI.create(urls[w % urls.length]), run + "-w" + w, secret, http, start, end);
      futures.add(pool.submit(() -> worker.run()));
    }
    pool.shutdown();
    // bounded: a request times out after 30 s, a phone call is 3 of them
    if (!pool.awaitTermination(seconds + warmup / 1_000_000_000 + 120, TimeUnit.SECONDS)) throw new IllegalStateException("load did not stop");
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = 0;
    Map<Integer, Integer> codes = new TreeMap<>();
    long[] all = new long[0];
    int errors = 0;
    for (Future<Worker> f : futures) {
      Worker w = f.get();
      all = concat(all, Arrays.copyOf(w.micros, w.n));
      errors += w.errors;
      total += w.total;
      w.codes.forEach((k, v) -> codes.merge(k, v, Integer::sum));
    }
    Arrays.sort(all);
    int non2xx = errors;
    for (var e : codes.entrySet()) if (e.getKey() / 100 != 2) non2xx += e.getValue();
    int ok = total - non2xx;
    StringBuilder cs = new StringBuilder();
    codes.forEach((k, v) -> cs.append(cs.length() == 0 ? "" : ",").append(k).append(':').append(v));
    System.out.printf("BENCH channel=%s concurrency=%d requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f"
            + " total=%d ok=%d non2xx=%d errors=%d created=%d codes=%s%n", channel, concurrency, all.length, elapsed, all.length / elapsed,
        pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1000.0, total, ok, non2xx, errors,
        codes.getOrDefault(201, 0) + codes.getOrDefault(202, 0), cs.length() == 0 ? "none" : cs);
    System.exit(0); // the HTTP client's threads would keep the JVM alive
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)] / 1000.0;
  }

  static long[] concat(long[] x, long[] y) {
    long[] out = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  /** One connection: requests one after another until the end time, latencies in microseconds. */
  static final class Worker {
    final String channel;
    final URI url;
    final String prefix;
    final Mac mac;
    final HttpClient http;
    final long start;
    final long end;
    int total;
    long[] micros = new long[1024];
    int n;
    int errors;
    final Map<Integer, Integer> codes = new TreeMap<>();

    Worker(String channel, URI url, String prefix, String secret, HttpClient http, long start, long end) throws Exception {
      this.channel = channel;
      this.url = url;
      this.prefix = prefix;
      this.http = http;
      this.start = start;
      this.end = end;
      if (secret == null) {
        mac = null;
      } else {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      }
    }

    Worker run() {
      for (int i = 0; System.nanoTime() < end; i++) {
        String id = prefix + "-" + i;
        switch (channel) {
          case "webform" -> send("application/json", webform(id));
          case "webform-mail" -> send("application/json", webformMail(id));
          case "email" -> send("message/rfc822", mail(id, i));
          case "letter" -> {
            String boundary = "----voxgate-bench-" + id;
            send("multipart/form-data; boundary=" + boundary, letter(id, boundary));
          }
          default -> { // a whole call: its three events in turn, as a CTI system reports them
            for (String event : call(id, i)) if (!send("application/json", event.getBytes(StandardCharsets.UTF_8))) break;
          }
        }
      }
      return this;
    }

    /** Sends one request; true when it was answered 2xx. */
    boolean send(String type, byte[] body) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (mac != null) rb.header("X-Voxgate-Signature", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
      long s = System.nanoTime();
      boolean ok = false;
      try {
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        codes.merge(r.statusCode(), 1, Integer::sum);
        ok = r.statusCode() / 100 == 2;
        if (!ok && codes.get(r.statusCode()) <= 2) System.err.println("HTTP " + r.statusCode() + " " + r.body());
      } catch (Exception e) {
        if (++errors <= 2) System.err.println(e);
      }
      total++;
      if (s < start) return ok; // the client's warm-up
      if (n == micros.length) micros = Arrays.copyOf(micros, n * 2);
      micros[n++] = (System.nanoTime() - s) / 1000;
      return ok;
    }
  }

  static byte[] webform(String id) {
    return ("{\"submission_id\":\"" + id + "\",\"kind\":\"complaint\",\"name\":\"张三\",\"phone\":\"13800138000\","
        + "\"subject\":\"冰箱漏水\",\"body\":\"买的冰箱漏水，要求退款。\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** A web form whose customer gives only an address of their own, so the acknowledgement goes by mail. */
  static byte[] webformMail(String id) {
    return ("{\"submission_id\":\"" + id + "\",\"kind\":\"complaint\",\"name\":\"张三\",\"email\":\"" + id.toLowerCase()
        + "@customer.example\",\"subject\":\"冰箱漏水\",\"body\":\"买的冰箱漏水，要求退款。\"}").getBytes(StandardCharsets.UTF_8);
  }

  static List<String> call(String id, int i) {
    Instant t0 = Instant.parse("2026-11-20T02:00:00Z").plusSeconds(i);
    String from = "139" + String.format("%08d", Math.floorMod(id.hashCode(), 100_000_000));
    return List.of(
        "{\"event\":\"newCall\",\"direction\":\"in\",\"from\":\"" + from + "\",\"to\":\"4008001234\",\"callId\":\"" + id
            + "\",\"timestamp\":\"" + t0 + "\"}",
        "{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + id + "\",\"answeringNumber\":\"agent-" + (i % 50)
            + "\",\"timestamp\":\"" + t0.plusSeconds(5) + "\"}",
        "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + id + "\",\"cause\":\"normalClearing\",\"timestamp\":\""
            + t0.plusSeconds(65 + i % 60) + "\"}");
  }

  /** A mail of the mix with {ID} (Message-ID, sender) and {DATE} filled in. */
  static byte[] mail(String id, int i) {
    String t = MAIL_TEMPLATES[Math.floorMod(i + id.hashCode(), MAIL_TEMPLATES.length)];
    String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now());
    return t.replace("{ID}", id).replace("{DATE}", date).replace("\r\n", "\n").replace("\n", "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String[] loadMails() {
    Path dir = Path.of(System.getProperty("bench.mail", "bench/mail"));
    if (!Files.isDirectory(dir)) return new String[0];
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".eml")).sorted().map(p -> {
        try {
          return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toArray(String[]::new);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A scanner station's upload: metadata fields and one PDF whose text layer names the letter. */
  static byte[] letter(String id, String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String fields = part(boundary, "letter_id", id) + part(boundary, "batch_id", "bench")
        + part(boundary, "sender_name", "Zhang San") + part(boundary, "sender_address", "Beijing Chaoyang Road 1");
    out.writeBytes(fields.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"" + id
        + ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(pdf(List.of("Complaint letter " + id, "The refrigerator I bought leaks water.",
        "I ask for a refund of 2999 yuan.", "Phone 13800138000, mail zhang.san@example.com", "Zhang San")));
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static String part(String boundary, String name, String value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }

  /** A minimal one-page PDF (Helvetica, ASCII lines) with a correct cross-reference table. */
  static byte[] pdf(List<String> lines) {
    StringBuilder content = new StringBuilder("BT /F1 12 Tf 72 760 Td 16 TL\n");
    for (String l : lines) content.append('(').append(l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")).append(") '\n");
    content.append("ET\n");
    String[] objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Length " + content.length() + " >>\nstream\n" + content + "endstream"};
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    int[] offsets = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      offsets[i] = pdf.length(); // ASCII only, so characters = bytes
      pdf.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
    }
    int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
    for (int o : offsets) pdf.append(String.format("%010d 00000 n \n", o));
    pdf.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
