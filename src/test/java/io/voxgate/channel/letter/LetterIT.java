package io.voxgate.channel.letter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Multipart;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Letter uploads end to end: stored at once (202), read off the event loop, revised, limits refused. */
@Timeout(180)
class LetterIT {
  static TestGateway gw;
  static String agentToken;
  static String supervisorToken;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(LetterFixtures.fontAvailable(), "fonts-wqy-zenhei is not installed: no fixtures can be drawn");
    gw = TestGateway.start();
    agentToken = issue("letter-agent", "agent");
    supervisorToken = issue("letter-supervisor", "supervisor");
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
  }

  @Test
  void whistleBlowingLetterBecomesARestrictedReportRoutedToLeadership() {
    byte[] pdf = LetterFixtures.textPdf(List.of("实名举报信", "我举报某门店经理收受回扣，请公司调查。",
        "举报人：王五", "联系电话：138 1234 5678"));
    JsonObject accepted = accepted(upload(gw, "letter-scanner", new Multipart().file("scan", "jubao.pdf", "application/pdf", pdf)), 202);
    assertThat(accepted.getString("status")).isEqualTo("processing");

    JsonObject t = awaitRead(accepted.getString("id"));
    assertThat(t.getString("kind")).isEqualTo("report");
    assertThat(t.getString("department")).isEqualTo("leadership");
    assertThat(t.getString("body")).contains("收受回扣");
    assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("+8613812345678");
    // the held acknowledgement is planned as an SMS to the number found (the dispatcher may have sent it already)
    assertThat(Psql.query(gw.dbUrl(), "SELECT via FROM outbox WHERE ticket_id = $1 AND purpose = 'ack'", java.util.UUID.fromString(t.getString("id")))
        .get(0).getString(0)).isEqualTo("sms");
    assertThat(t.getString("ack_state")).isNotEqualTo("postal");
    assertThat(pages(t).getJsonObject(0).getString("method")).isEqualTo("text_layer");

    assertThat(gw.get("/api/v1/tickets/" + t.getString("id"), agentToken).statusCode()).isEqualTo(404);
    assertThat(ids(gw.get("/api/v1/tickets?channel=letter", agentToken))).doesNotContain(t.getString("id"));
    assertThat(ids(gw.get("/api/v1/tickets?channel=letter", supervisorToken))).contains(t.getString("id"));
  }

  @Test
  void sameScanTwiceIsOneTicketAndAComplaintLetterIsVisibleToAgentsOnceRead() {
    byte[] pdf = LetterFixtures.textPdf(List.of("投诉信", "我购买的洗衣机存在产品质量问题，要求退款。",
        "如不处理我将向12315投诉。", "邮箱：li.si@example.com"));
    Multipart m = new Multipart().file("scan", "complaint.pdf", "application/pdf", pdf);
    JsonObject first = accepted(upload(gw, "letter-scanner", m), 202);
    JsonObject again = accepted(upload(gw, "letter-scanner", m), 200);
    assertThat(again.getString("id")).isEqualTo(first.getString("id"));

    JsonObject t = awaitRead(first.getString("id"));
    assertThat(t.getString("kind")).isEqualTo("complaint");
    assertThat(t.getString("category")).isEqualTo("quality");
    assertThat(t.getString("body")).contains("产品质量", "退款", "12315");
    assertThat(t.getJsonObject("customer").getString("email")).isEqualTo("li.si@example.com");
    assertThat(t.getJsonArray("attachments")).hasSize(1);
    assertThat(gw.get("/api/v1/tickets/" + t.getString("id"), agentToken).statusCode()).isEqualTo(200);

    JsonObject afterwards = accepted(upload(gw, "letter-scanner", m), 200);
    assertThat(afterwards.getString("id")).isEqualTo(first.getString("id"));
    // read: the ticket's own status now (12315 makes it major, so the dispatcher may have escalated it)
    assertThat(afterwards.getString("status")).isIn("new", "escalated");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id = $1",
        "sha256:" + io.voxgate.ticket.Hashes.sha256Hex(pdf))).isEqualTo(1);
  }

  @Test
  void letterWithoutContactIsListedForAPostalReplyWithTheTypedSenderAddress() {
    byte[] pdf = LetterFixtures.textPdf(List.of("致客服中心：", "贵公司的快递一直延误，服务态度也很差，希望改进。"));
    Multipart m = new Multipart().field("batch_id", "2026-11-23-A").field("sender_address", "上海市浦东新区世纪大道100号 邮编200120")
        .field("sender_name", "赵六").file("scan", "postal.pdf", "application/pdf", pdf);
    String id = accepted(upload(gw, "letter-scanner", m), 202).getString("id");
    JsonObject t = awaitRead(id);
    assertThat(t.getString("ack_state")).isEqualTo("postal");
    JsonArray postal = new JsonObject(gw.get("/api/v1/tickets?ack=postal", agentToken).body()).getJsonArray("items");
    JsonObject item = postal.stream().map(JsonObject.class::cast).filter(i -> i.getString("id").equals(id)).findFirst().orElseThrow();
    assertThat(item.getJsonObject("customer").getString("address")).isEqualTo("上海市浦东新区世纪大道100号 邮编200120");
    assertThat(item.getJsonObject("customer").getString("name")).isEqualTo("赵六");
    assertThat(ids(gw.get("/api/v1/tickets?ack=pending", agentToken))).doesNotContain(id);
    assertThat(gw.get("/api/v1/tickets?ack=fax", agentToken).statusCode()).isEqualTo(400);
  }

  @Test
  void aLetterReUploadedWithOtherPagesIsRefusedNotSilentlyDropped() {
    byte[] p1 = LetterFixtures.textPdf(List.of("第一页：我要投诉贵公司的售后服务，维修人员迟到三次。"));
    byte[] p2 = LetterFixtures.textPdf(List.of("第二页：请尽快处理。联系邮箱 chen@example.com"));
    byte[] p3 = LetterFixtures.textPdf(List.of("第三页：补充材料，发票号码 12345678。"));
    Multipart both = new Multipart().field("letter_id", "MR-9/1").file("scan", "p1.pdf", "application/pdf", p1)
        .file("scan", "p2.pdf", "application/pdf", p2);
    JsonObject first = accepted(upload(gw, "letter-scanner", both), 202);
    assertThat(accepted(upload(gw, "letter-scanner", both), 200).getString("id")).isEqualTo(first.getString("id"));
    assertError(upload(gw, "letter-scanner", new Multipart().field("letter_id", "MR-9/1")
        .file("scan", "p3.pdf", "application/pdf", p3)), 409, "letter_pages_differ");

    JsonObject t = awaitRead(first.getString("id"));
    assertThat(t.getJsonArray("attachments")).hasSize(2);
    assertThat(t.getString("body")).contains("维修人员迟到", "请尽快处理").doesNotContain("补充材料");
    assertThat(pages(t).stream().map(p -> ((JsonObject) p).getString("file")).toList()).containsExactly("p1.pdf", "p2.pdf");
    assertThat(t.getJsonObject("customer").getString("email")).isEqualTo("chen@example.com");
  }

  @Test
  void severalFilesWithoutLetterIdAreOneTicketEach() {
    byte[] a = LetterFixtures.textPdf(List.of("咨询：请问贵公司的保修期是多久？邮箱 a@example.com"));
    byte[] b = LetterFixtures.textPdf(List.of("投诉：空调安装后漏水，要求赔偿。邮箱 b@example.com"));
    Multipart m = new Multipart().file("scan", "a.pdf", "application/pdf", a).file("scan", "b.pdf", "application/pdf", b);
    JsonArray tickets = accepted(upload(gw, "letter-scanner", m), 202).getJsonArray("tickets");
    assertThat(tickets).hasSize(2);
    assertThat(tickets.getJsonObject(0).getString("id")).isNotEqualTo(tickets.getJsonObject(1).getString("id"));
    assertThat(awaitRead(tickets.getJsonObject(0).getString("id")).getString("kind")).isEqualTo("enquiry");
    assertThat(awaitRead(tickets.getJsonObject(1).getString("id")).getString("kind")).isEqualTo("complaint");
    JsonArray again = accepted(upload(gw, "letter-scanner", m), 200).getJsonArray("tickets");
    assertThat(again.getJsonObject(1).getString("id")).isEqualTo(tickets.getJsonObject(1).getString("id"));
    assertThat(again.getJsonObject(1).getBoolean("created")).isFalse();
  }

  @Test
  void corruptPdfIsKeptAndFlagged() {
    byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> broken beyond repair".getBytes(StandardCharsets.ISO_8859_1);
    String id = accepted(upload(gw, "letter-scanner", new Multipart().file("scan", "broken.pdf", "application/pdf", broken)), 202)
        .getString("id");
    JsonObject t = awaitRead(id);
    assertThat(flags(t)).contains("parse_failed").doesNotContain("processing");
    assertThat(t.getString("kind")).isEqualTo("report"); // unread: supervisors only
    assertThat(t.getString("ack_state")).isEqualTo("postal");
    String attachment = t.getJsonArray("attachments").getJsonObject(0).getString("id");
    assertThat(gw.getBytes("/api/v1/attachments/" + attachment, TestGateway.ADMIN_TOKEN).body()).isEqualTo(broken);
  }

  @Test
  void limitsAreRefusedWithAClearErrorAndNothingIsStored() {
    long before = Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE channel = 'letter'");
    byte[] small = LetterFixtures.png(LetterFixtures.page(List.of("测试 test"), 30));
    assertError(upload(gw, "letter-limits", new Multipart().file("scan", "a.png", "image/png", small)), 401, "unauthorized");
    assertError(upload(gw, "letter-scanner", new Multipart().file("scan", "a.png", "image/png", small), "X-Voxgate-Signature", "sha256=00"),
        401, "unauthorized");
    assertError(upload(gw, "no-such-letters", new Multipart().file("scan", "a.png", "image/png", small)), 404, "not_found");

    assertError(tokenUpload(new Multipart().file("scan", "bomb.png", "image/png", LetterFixtures.pngClaiming(100_000, 100_000))),
        422, "image_too_large");
    byte[] hugePage = LetterFixtures.imagePdf(List.of(new java.awt.image.BufferedImage(4, 4, 1)), new PDRectangle(14_400, 14_400));
    assertError(tokenUpload(new Multipart().file("scan", "huge.pdf", "application/pdf", hugePage)), 422, "image_too_large");
    byte[] fourPages = LetterFixtures.tiff(IntStream.range(0, 4).mapToObj(i -> LetterFixtures.page(List.of("第" + i + "页"), 10)).toList());
    assertError(tokenUpload(new Multipart().file("scan", "four.tiff", "image/tiff", fourPages)), 422, "too_many_pages");
    assertError(tokenUpload(new Multipart().file("scan", "big.png", "image/png", new byte[300_001])), 413, "too_large");
    Multipart three = new Multipart();
    for (int i = 0; i < 3; i++) three.file("scan", i + ".png", "image/png", LetterFixtures.pngClaiming(10, 10 + i));
    assertError(tokenUpload(three), 413, "too_large");
    assertError(tokenUpload(new Multipart().file("scan", "a.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8))),
        415, "unsupported_type");
    assertError(tokenUpload(new Multipart().field("batch_id", "x")), 400, "required");
    assertError(tokenUpload(new Multipart().field("note", "x".repeat(1_100_000))), 413, "too_large"); // max_upload_bytes
    Multipart large = new Multipart().field("note", "y".repeat(900_000));
    assertError(gw.post("/intake/letter/letter-limits", large.contentType(), large.bytes(), "Authorization", "Bearer wrong"),
        401, "unauthorized");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE channel = 'letter'")).isEqualTo(before);
  }

  @Test
  void ocrTimeLimitFlagsTheLetterAndKeepsTheScan() {
    byte[] png = LetterFixtures.png(LetterFixtures.page(List.of("投诉：产品质量问题，要求退款。"), 40));
    String id = accepted(tokenUpload(new Multipart().file("scan", "slow.png", "image/png", png)), 202).getString("id");
    JsonObject t = awaitRead(id);
    assertThat(flags(t)).contains("ocr_failed").doesNotContain("processing");
    assertThat(t.getJsonArray("attachments")).hasSize(1);
    assertThat(t.getString("ack_state")).isEqualTo("postal");
    if (tesseractAvailable()) assertThat(pages(t).getJsonObject(0).getString("detail")).contains("longer than 1 ms");
  }

  @Test
  void multiPageTiffIsReadPageByPageWithOcr() {
    Assumptions.assumeTrue(tesseractAvailable(), "tesseract is not installed (CI installs tesseract-ocr tesseract-ocr-chi-sim)");
    byte[] tiff = LetterFixtures.tiff(List.of(
        LetterFixtures.page(List.of("客户投诉信", "我购买的电视机有产品质量问题，要求退款。"), 40),
        LetterFixtures.page(List.of("如不解决我将拨打12315投诉。", "手机 13912345678"), 40)));
    String id = accepted(upload(gw, "letter-scanner", new Multipart().file("scan", "letter.tiff", "image/tiff", tiff)), 202)
        .getString("id");
    JsonObject t = awaitRead(id);
    assertThat(t.getString("body").replace(" ", "")).contains("产品质量", "退款", "12315");
    assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("+8613912345678");
    JsonArray pages = pages(t);
    assertThat(pages).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(pages.getJsonObject(i).getString("method")).isEqualTo("ocr");
      assertThat(pages.getJsonObject(i).getDouble("confidence")).isBetween(0.0, 100.0);
    }
    assertThat(t.getString("kind")).isEqualTo("complaint");
  }

  @Test
  void pagesOfOneLetterMakeOneTicketScannedPdfIsRenderedForOcr() {
    Assumptions.assumeTrue(tesseractAvailable(), "tesseract is not installed (CI installs tesseract-ocr tesseract-ocr-chi-sim)");
    byte[] scanned = LetterFixtures.imagePdf(List.of(LetterFixtures.page(List.of("Dear Sir, I demand a refund.", "产品质量很差"), 40)),
        PDRectangle.A5);
    byte[] page2 = LetterFixtures.png(LetterFixtures.page(List.of("地址：北京市海淀区中关村大街1号", "邮编：100086"), 40));
    Multipart m = new Multipart().field("letter_id", "batch7-letter-3")
        .file("scan", "p1.pdf", "application/pdf", scanned).file("scan", "p2.png", "image/png", page2);
    JsonObject a = accepted(upload(gw, "letter-scanner", m), 202);
    JsonObject t = awaitRead(a.getString("id"));
    assertThat(t.getJsonArray("attachments")).hasSize(2);
    assertThat(t.getString("body")).containsIgnoringCase("refund");
    assertThat(t.getString("body").replace(" ", "")).contains("产品质量");
    assertThat(t.getJsonObject("customer").getString("address").replace(" ", "")).contains("中关村", "100086");
    assertThat(pages(t).stream().map(p -> ((JsonObject) p).getString("file")).toList()).containsExactly("p1.pdf", "p2.png");
    assertThat(t.getString("ack_state")).isEqualTo("postal");
  }

  @Test
  void unfinishedLettersAreReadAfterARestart() {
    String db = io.voxgate.support.TestPostgres.newDatabase();
    String id;
    java.nio.file.Path data;
    try (TestGateway webOnly = TestGateway.start(db, java.util.Map.of("VOXGATE_LETTER__WORKERS", "0"))) {
      byte[] pdf = LetterFixtures.textPdf(List.of("投诉信：热水器漏水，要求赔偿损失。", "电话 13700001111"));
      id = accepted(upload(webOnly, "letter-scanner", new Multipart().file("scan", "restart.pdf", "application/pdf", pdf)), 202)
          .getString("id");
      data = webOnly.dataDir();
      assertThat(flags(webOnly.ticket(id))).contains("processing");
      JsonObject health = new JsonObject(webOnly.get("/health/ready", null).body());
      JsonObject scanner = health.getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("id").equals("source:letter-scanner")).findFirst().orElseThrow();
      assertThat(scanner.getJsonObject("data").getLong("processing")).isEqualTo(1);
    }
    try (TestGateway again = TestGateway.start(db, java.util.Map.of("VOXGATE_DATA_DIR", data.toString()))) {
      JsonObject t = awaitRead(again, id);
      assertThat(t.getString("body")).contains("热水器漏水");
      assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("+8613700001111");
    }
  }

  // helpers

  static HttpResponse<String> upload(TestGateway g, String source, Multipart m, String... headers) {
    byte[] body = m.bytes();
    String[] h = headers.length > 0 ? headers
        : new String[] {Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body)};
    return g.post("/intake/letter/" + source, m.contentType(), body, h);
  }

  static HttpResponse<String> tokenUpload(Multipart m) {
    return gw.post("/intake/letter/letter-limits", m.contentType(), m.bytes(), "Authorization", "Bearer " + agentToken);
  }

  static JsonObject accepted(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body());
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject e = new JsonObject(r.body()).getJsonObject("error");
    assertThat(e.getString("code")).isEqualTo(code);
    assertThat(e.getString("message")).isNotBlank();
  }

  static JsonObject awaitRead(String id) {
    return awaitRead(gw, id);
  }

  /** Polls the ticket until its text has been read; at most 90 s. */
  static JsonObject awaitRead(TestGateway g, String id) {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (true) {
      JsonObject t = g.ticket(id);
      if (!flags(t).contains("processing")) return t;
      if (System.nanoTime() > deadline) throw new AssertionError("letter " + id + " still processing: " + t.encode());
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  static List<String> flags(JsonObject ticket) {
    return ticket.getJsonArray("flags").stream().map(String::valueOf).toList();
  }

  static JsonArray pages(JsonObject ticket) {
    return ticket.getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("type").equals("text_extracted")).findFirst().orElseThrow()
        .getJsonObject("data").getJsonArray("pages");
  }

  static List<String> ids(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  static String issue(String name, String role) {
    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/api/v1/tokens")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", name).put("role", role).encode())).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body()).getString("token");
  }

  static boolean tesseractAvailable() {
    try {
      Process p = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
