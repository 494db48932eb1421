import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator of bench/phone.sh (JDK only: java bench/PhoneLoad.java URL CALLS CONCURRENCY RUN_ID SECRET).
 * Every call sends newCall, answer and hangup (JSON, signed, with timestamps: talk time 60 + i % 60 s).
 * Events are queued call after call and shuffled within windows of 96, so the events of one call
 * are often in flight at once and out of order. Prints one line of key=value results.
 */
public class PhoneLoad {
  public static void main(String[] a) throws Exception {
    String url = a[0];
    int calls = Integer.parseInt(a[1]);
    int concurrency = Integer.parseInt(a[2]);
    String run = a[3];
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(a[4].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    Instant t0 = Instant.parse("2026-11-20T02:00:00Z");
    List<String> bodies = new ArrayList<>(calls * 3);
    for (int i = 0; i < calls; i++) {
      String id = run + "-" + i;
      String from = "139" + String.format("%08d", i);
      bodies.add("{\"event\":\"newCall\",\"direction\":\"in\",\"from\":\"" + from + "\",\"to\":\"4008001234\",\"callId\":\"" + id
          + "\",\"timestamp\":\"" + t0 + "\"}");
      bodies.add("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + id + "\",\"answeringNumber\":\"agent-" + (i % 50)
          + "\",\"timestamp\":\"" + t0.plusSeconds(5) + "\"}");
      bodies.add("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + id + "\",\"cause\":\"normalClearing\",\"timestamp\":\""
          + t0.plusSeconds(65 + i % 60) + "\"}");
    }
    Random rnd = new Random(7);
    for (int from = 0; from < bodies.size(); from += 96) Collections.shuffle(bodies.subList(from, Math.min(bodies.size(), from + 96)), rnd);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLongArray micros = new AtomicLongArray(bodies.size());
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
          byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
          String sig;
          synchronized (mac) {
            sig = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
          }
          long s = System.nanoTime();
          try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Voxgate-Signature", sig)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 || r.statusCode() == 201) ok.incrementAndGet();
            else if (failed.incrementAndGet() <= 3) System.err.println("HTTP " + r.statusCode() + " " + r.body());
          } catch (Exception e) {
            if (failed.incrementAndGet() <= 3) System.err.println(e);
          }
          micros.set(i, (System.nanoTime() - s) / 1000);
        }
        return null;
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.MINUTES)) throw new IllegalStateException("load did not finish in 30 min");
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] lat = new long[bodies.size()];
    for (int i = 0; i < lat.length; i++) lat[i] = micros.get(i);
    Arrays.sort(lat);
    System.out.printf("requests=%d ok=%d failed=%d seconds=%.1f rps=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
        lat.length, ok.get(), failed.get(), seconds, lat.length / seconds, lat[lat.length / 2] / 1000.0,
        lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1000.0, lat[lat.length - 1] / 1000.0);
  }
}
