package io.voxgate.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10,000 mutated inputs (seeded, so a failure replays) against the intake endpoints: truncated
 * and mis-encoded bodies, wrong content types, random multipart boundaries, deep JSON, huge
 * headers, empty and oversized bodies. No input may cause a 5xx, and every created ticket keeps
 * the exact bytes that were sent.
 */
class FuzzIntakeIT {
  static final long SEED = 20261123L;
  static final int INPUTS = Integer.getInteger("voxgate.fuzz.inputs", 10_000);
  static final int BODY_LIMIT = 256 * 1024;

  /** A valid input to start mutating from; {@code secret} signs the (mutated) body when set. */
  // the JDK client's default: HTTP/2 upgrade attempts on every new connection
  static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
      .connectTimeout(java.time.Duration.ofSeconds(5)).build();

  record Seed(String path, String contentType, byte[] body, String secret) {
  }

  record Input(Seed seed, String mutation, String contentType, byte[] body, Map<String, String> headers) {
    @Override
    public String toString() {
      return seed.path() + " " + mutation + " [" + contentType + "] " + body.length + " bytes: "
          + new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
    }
  }

  record Result(Input input, int status, String body) {
  }

  @Test
  void mutatedInputsNeverCauseAServerErrorAndCreatedTicketsKeepTheirBytes() throws Exception {
    Random random = new Random(SEED);
    try (TestGateway gw = TestGateway.start(TestPostgres.newDatabase(),
        Map.of("VOXGATE_SERVER__BODY_LIMIT", String.valueOf(BODY_LIMIT)))) {
      List<Seed> seeds = seeds();
      List<Input> inputs = new ArrayList<>(INPUTS);
      for (int i = 0; i < INPUTS; i++) inputs.add(mutate(seeds.get(random.nextInt(seeds.size())), random, i));

      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<Result>> futures = new ArrayList<>();
      for (Input in : inputs) futures.add(pool.submit(() -> send(gw, in)));
      List<Result> results = new ArrayList<>();
      for (Future<Result> f : futures) results.add(f.get(120, TimeUnit.SECONDS));
      pool.shutdown();

      Map<Integer, Integer> byStatus = new TreeMap<>();
      results.forEach(r -> byStatus.merge(r.status(), 1, Integer::sum));
      System.out.println("fuzz: " + INPUTS + " inputs, seed " + SEED + ", answers by status " + byStatus);

      List<Result> failed = results.stream().filter(r -> r.status() >= 500).toList();
      failed.stream().limit(20).forEach(r -> System.out.println("fuzz failure " + r.status() + ": " + r.input() + " -> " + r.body()));
      assertThat(failed).as("inputs answered with 5xx or not at all").isEmpty();
      assertThat(byStatus.keySet()).as("the mutations reach both acceptance and each kind of refusal")
          .contains(201, 400, 413);

      for (Result r : results) {
        if (r.status() != 201) continue;
        String id = new JsonObject(r.body()).getString("id");
        byte[] stored = Psql.query(gw.dbUrl(), "SELECT bytes FROM raw_inputs WHERE ticket_id = $1::uuid ORDER BY id LIMIT 1", id)
            .get(0).getBuffer(0).getBytes();
        assertThat(stored).as("raw bytes of ticket %s", id).isEqualTo(r.input().body());
      }
      assertThat(gw.get("/health/live", null).statusCode()).isEqualTo(200);
      System.gc();
      long usedMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
      System.out.println("fuzz: heap in use after the run " + usedMb + " MB");
      assertThat(usedMb).as("heap in use after the run (MB)").isLessThan(512);
    }
  }

  static List<Seed> seeds() {
    String json = new JsonObject().put("submission_id", "S").put("kind", "complaint").put("name", "李四")
        .put("phone", "13812345678").put("email", "li@example.com").put("subject", "质量投诉")
        .put("body", "冰箱不制冷，要求退款 800 元。").encode();
    String form = "submission_id=S&kind=enquiry&name=%E7%8E%8B&email=w%40example.com&subject=refund&body=broken+on+arrival";
    String boundary = "----vxg" + "7MA4YWxkTrZu0gW";
    String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"submission_id\"\r\n\r\nS\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\n投诉\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n产品质量问题\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
        + "Content-Type: text/plain\r\n\r\nroot:x:0:0\r\n--" + boundary + "--\r\n";
    return List.of(
        new Seed("/intake/webform", "application/json", json.getBytes(StandardCharsets.UTF_8), null),
        new Seed("/intake/webform", "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.US_ASCII), null),
        new Seed("/intake/webform", "multipart/form-data; boundary=" + boundary, multipart.getBytes(StandardCharsets.UTF_8), null),
        new Seed("/intake/webform/partner-form", "application/json", json.getBytes(StandardCharsets.UTF_8),
            TestGateway.PARTNER_SECRET));
  }

  static final List<String> MUTATIONS = List.of("truncated", "bytes flipped", "invalid UTF-8", "GBK bytes",
      "content type", "boundary", "deep JSON", "empty", "padded", "huge header", "doubled", "wrong JSON types");

  static Input mutate(Seed seed, Random r, int n) {
    byte[] b = new String(seed.body(), StandardCharsets.ISO_8859_1).replace("S", "fuzz-" + n)
        .getBytes(StandardCharsets.ISO_8859_1);
    String type = seed.contentType();
    Map<String, String> headers = new java.util.HashMap<>();
    int m = r.nextInt(12);
    switch (m) {
      case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      case 1 -> { for (int i = 0; i < 1 + r.nextInt(10); i++) b[r.nextInt(b.length)] = (byte) r.nextInt(256); }
      case 2 -> b = insert(b, r, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
      case 3 -> b = insert(b, r, "投诉退款".getBytes(Charset.forName("GBK")));
      case 4 -> type = List.of("text/plain", "application/xml", "multipart/form-data", "application/json; charset=gbk",
          "application/x-www-form-urlencoded; charset=big5", "image/png", "", "%%garbage%%").get(r.nextInt(8));
      case 5 -> type = seed.contentType().startsWith("multipart/")
          ? "multipart/form-data; boundary=" + Long.toHexString(r.nextLong()) : "multipart/form-data; boundary=x";
      case 6 -> b = ("{\"submission_id\":\"fuzz-" + n + "\",\"body\":" + "[".repeat(2_000 + r.nextInt(20_000))
          + "]".repeat(r.nextInt(3) == 0 ? 0 : 2_000)).getBytes(StandardCharsets.UTF_8);
      case 7 -> b = new byte[0];
      case 8 -> b = r.nextInt(4) == 0 ? pad(b, BODY_LIMIT + 1 + r.nextInt(4096), r) : pad(b, b.length + r.nextInt(8192), r);
      case 9 -> headers.put("X-Fuzz", "v".repeat(r.nextInt(2) == 0 ? 8_000 : 20_000));
      case 10 -> b = (new String(b, StandardCharsets.ISO_8859_1) + new String(b, StandardCharsets.ISO_8859_1))
          .getBytes(StandardCharsets.ISO_8859_1);
      default -> b = new JsonObject().put("submission_id", r.nextInt(3) == 0 ? null : "fuzz-" + n)
          .put("subject", r.nextInt(2) == 0 ? (Object) 42 : List.of("a"))
          .put("body", r.nextInt(2) == 0 ? "x".repeat(r.nextInt(100)) : (Object) Map.of("k", "v"))
          .put("kind", List.of("complaint", "nonsense", "", "report").get(r.nextInt(4)))
          .encode().getBytes(StandardCharsets.UTF_8);
    }
    return new Input(seed, MUTATIONS.get(m), type, b, headers);
  }

  private static byte[] insert(byte[] b, Random r, byte[] what) {
    int at = r.nextInt(b.length + 1);
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  private static byte[] pad(byte[] b, int size, Random r) {
    byte[] out = Arrays.copyOf(b, size);
    for (int i = b.length; i < size; i++) out[i] = (byte) ('a' + r.nextInt(26));
    return out;
  }

  private static Result send(TestGateway gw, Input in) {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(gw.url(in.seed().path())))
        .timeout(java.time.Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofByteArray(in.body()));
    if (!in.contentType().isEmpty()) req.header("Content-Type", in.contentType());
    if (in.seed().secret() != null) req.header(Signature.HEADER, Signature.sign(in.seed().secret(), in.body()));
    in.headers().forEach(req::header);
    try {
      HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Result(in, r.statusCode(), r.body());
    } catch (java.io.IOException | InterruptedException e) {
      // The server may close the connection on a request it refuses outright (e.g. oversized headers);
      // a request left unanswered is a failure.
      boolean timedOut = e instanceof java.net.http.HttpTimeoutException;
      return new Result(in, timedOut ? 599 : 499, String.valueOf(e.getMessage()));
    }
  }

  static <T> List<T> shuffled(List<T> list, Random r) {
    List<T> out = new ArrayList<>(list);
    Collections.shuffle(out, r);
    return out;
  }
}
