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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop intake load for one channel: C workers each send their next item as soon as the
 * previous one is answered. Run from the project root (bench/channels.sh does):
 *
 *   java bench/ChannelBench.java <base-url> <channel> <source> <secret|-> <items> <concurrency> <label> [corpus-dir]
 *
 * channel: webform (JSON), phone (generic CTI: newCall, answer, hangup per call, in order, one
 * call per item), email (raw RFC 822, from the corpus folder's .eml/.box files when given, else
 * generated), letter (a small PDF with a text layer per item, built without libraries).
 * Prints one line: BENCH channel=… items=… requests=… seconds=… rps=… items_per_s=… p50_ms=… p99_ms=… codes=…
 */
public class ChannelBench {
  interface Item {
    List<Req> requests(int n);
  }

  record Req(String path, String contentType, byte[] body) {
  }

  public static void main(String[] a) throws Exception {
    String base = a[0], channel = a[1], source = a[2], secret = a[3].equals("-") ? null : a[3];
    int items = Integer.parseInt(a[4]), concurrency = Integer.parseInt(a[5]);
    String label = a[6];
    Item item = switch (channel) {
      case "webform" -> n -> List.of(new Req("/intake/webform/" + source, "application/json", json(
          "{\"submission_id\":\"%s-%d\",\"kind\":\"complaint\",\"name\":\"张三\",\"email\":\"c%d@example.com\","
              + "\"subject\":\"冰箱不制冷\",\"body\":\"买了三天就坏了，要求退款 800 元。\"}", label, n, n)));
      case "phone" -> n -> {
        String call = label + "-" + n, from = "+86138" + String.format("%08d", n % 100_000_000);
        String path = "/intake/phone/" + source, type = "application/x-www-form-urlencoded";
        return List.of(
            new Req(path, type, form("event=newCall&direction=in&from=%s&to=4008001234&callId=%s", from, call)),
            new Req(path, type, form("event=answer&direction=in&from=%s&to=4008001234&callId=%s&user=agent7&answeringNumber=801", from, call)),
            new Req(path, type, form("event=hangup&direction=in&from=%s&to=4008001234&callId=%s&cause=normalClearing", from, call)));
      };
      case "email" -> {
        List<byte[]> mails = a.length > 7 ? corpus(Path.of(a[7])) : List.of();
        yield n -> List.of(new Req("/intake/email/" + source, "message/rfc822", mail(mails, label, n)));
      }
      case "letter" -> n -> {
        String boundary = "bench" + n;
        byte[] pdf = pdf("Complaint " + label + " " + n + ": product quality, refund requested, call 13812345678");
        byte[] body = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan-" + n
            + ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8), pdf,
            ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return List.of(new Req("/intake/letter/" + source, "multipart/form-data; boundary=" + boundary, body));
      };
      default -> throw new IllegalArgumentException("unknown channel " + channel);
    };

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    AtomicInteger next = new AtomicInteger();
    AtomicLong requests = new AtomicLong();
    long[][] latencies = new long[concurrency][];
    Map<Integer, AtomicInteger> codes = new ConcurrentHashMap<>();
    List<Thread> workers = new ArrayList<>();
    long started = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      Thread t = new Thread(() -> {
        long[] mine = new long[items * 3 / concurrency + 8];
        int count = 0;
        for (int n = next.getAndIncrement(); n < items; n = next.getAndIncrement()) {
          for (Req r : item.requests(n)) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.path())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", r.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
            if (secret != null) b.header("X-Voxgate-Signature", sign(secret, r.body()));
            long t0 = System.nanoTime();
            int code;
            try {
              code = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
              code = 0;
            }
            if (count == mine.length) mine = Arrays.copyOf(mine, mine.length * 2);
            mine[count++] = System.nanoTime() - t0;
            requests.incrementAndGet();
            codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
          }
        }
        latencies[worker] = Arrays.copyOf(mine, count);
      });
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) t.join();
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] all = Stream.of(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    Map<Integer, Integer> byCode = new TreeMap<>();
    codes.forEach((k, v) -> byCode.put(k, v.get()));
    System.out.printf("BENCH channel=%s items=%d requests=%d seconds=%.1f rps=%.1f items_per_s=%.1f p50_ms=%.1f p99_ms=%.1f codes=%s%n",
        channel, items, requests.get(), seconds, requests.get() / seconds, items / seconds,
        pct(all, 0.50), pct(all, 0.99), byCode.toString().replace(" ", ""));
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  static byte[] json(String format, Object... args) {
    return String.format(format, args).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] form(String format, Object... args) {
    return String.format(format, args).replace("+", "%2B").getBytes(StandardCharsets.US_ASCII);
  }

  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Corpus mails; each use gets a fresh Message-ID so every request is a new ticket. */
  static List<byte[]> corpus(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      List<byte[]> out = new ArrayList<>();
      for (Path p : s.filter(p -> p.toString().endsWith(".eml") || p.toString().endsWith(".box")).sorted().toList()) {
        byte[] b = Files.readAllBytes(p);
        if (b.length < 200_000) out.add(b);
      }
      return out;
    }
  }

  static byte[] mail(List<byte[]> corpus, String label, int n) {
    String id = "Message-ID: <bench-" + label + "-" + n + "@bench.example>\r\n";
    if (corpus.isEmpty()) {
      return (id + "From: =?UTF-8?B?5byg5LiJ?= <c" + n + "@example.com>\r\nTo: service@example.com\r\n"
          + "Subject: =?UTF-8?B?5Lqn5ZOB6LSo6YeP5oqV6K+J?=\r\nDate: Mon, 23 Nov 2026 10:00:00 +0800\r\n"
          + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
          + "买了三天就坏了，要求退款 800 元。\r\n").getBytes(StandardCharsets.UTF_8);
    }
    // replace the corpus mail's own Message-ID header (first one, any case) with a unique one
    String m = new String(corpus.get(n % corpus.size()), StandardCharsets.ISO_8859_1);
    String stripped = m.replaceFirst("(?im)^message-id:[^\\r\\n]*(\\r?\\n[ \\t][^\\r\\n]*)*\\r?\\n", "");
    return (id + stripped).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A one-page PDF with a text layer (Helvetica, ASCII text), written by hand: no library needed. */
  static byte[] pdf(String text) {
    String content = "BT /F1 12 Tf 72 720 Td (" + text.replace("(", "").replace(")", "") + ") Tj ET";
    List<String> objects = List.of(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    StringBuilder sb = new StringBuilder("%PDF-1.4\n");
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(sb.length());
      sb.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    int xref = sb.length();
    sb.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
    for (int off : offsets) sb.append(String.format("%010d 00000 n \n", off));
    sb.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) len += p.length;
    byte[] out = new byte[len];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
