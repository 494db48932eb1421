package io.voxgate.channel.webform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.Signature;
import io.voxgate.support.Multipart;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebFormIT {
  static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static JsonObject complaint(String submissionId) {
    return new JsonObject().put("submission_id", submissionId).put("kind", "complaint").put("name", "李雷")
        .put("phone", "138 0013 8000").put("subject", "热水器漏水").put("body", "新买的热水器漏水，要求退款并赔偿800元。");
  }

  @Test
  void createsTicketAndAnswersRedeliveryWithTheSameTicket() {
    HttpResponse<String> first = gw.postJson("/intake/webform", complaint("sub-redeliver-1"));
    HttpResponse<String> again = gw.postJson("/intake/webform", complaint("sub-redeliver-1"));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    JsonObject a = new JsonObject(first.body());
    assertThat(new JsonObject(again.body())).isEqualTo(a);
    assertThat(a.getString("number")).matches("TS-\\d{8}-\\d{5,}");
    assertThat(a.getString("status")).isEqualTo("new");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id = 'sub-redeliver-1'")).isEqualTo(1);
  }

  @Test
  void storesTicketWithRawInputTimelineAndAckOutboxRowInOneGo() throws Exception {
    HttpResponse<String> r = gw.postJson("/intake/webform", complaint("sub-stored-1").put("email", "lilei@example.com"));
    String id = new JsonObject(r.body()).getString("id");

    JsonObject t = gw.ticket(id);
    assertThat(t.getString("channel")).isEqualTo("webform");
    assertThat(t.getString("kind")).isEqualTo("complaint");
    assertThat(t.getString("category")).isEqualTo("quality");
    assertThat(t.getString("severity")).isEqualTo("important");
    assertThat(t.getString("claim_amount")).isEqualTo("800");
    assertThat(t.getString("department")).isEqualTo("quality");
    assertThat(t.getJsonObject("customer").getString("phone")).isEqualTo("13800138000");
    assertThat(t.getJsonArray("timeline").getJsonObject(0).getString("type")).isEqualTo("received");

    byte[] sent = complaint("sub-stored-1").put("email", "lilei@example.com").encode().getBytes(StandardCharsets.UTF_8);
    var raw = Psql.query(gw.dbUrl(), "SELECT sha256, bytes FROM raw_inputs WHERE ticket_id = $1::uuid", id).get(0);
    assertThat(raw.getBuffer("bytes").getBytes()).isEqualTo(sent);
    assertThat(raw.getString("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent)));
    // the form gave a phone and an email: one acknowledgement row for each
    var ack = Psql.query(gw.dbUrl(), "SELECT purpose, via, state FROM outbox WHERE ticket_id = $1::uuid ORDER BY via", id);
    assertThat(ack).extracting(row -> row.getString("purpose") + "/" + row.getString("via") + "/" + row.getString("state"))
        .containsExactly("ack/email/pending", "ack/sms/pending");
  }

  @Test
  void keepsChineseSubjectBodyAndAttachmentNamesIntact() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    Multipart m = new Multipart()
        .field("submission_id", "sub-cn-1").field("name", "韩梅梅").field("email", "hmm@example.cn")
        .field("subject", "快递延误三天，客服推诿").field("body", "订单号 2026112200123，快递延误三天。\n客服态度差，要求退款。")
        .file("attachments", "发票截图（第一张）.png", "image/png", png);
    HttpResponse<String> r = gw.post("/intake/webform", m.contentType(), m.bytes());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

    JsonObject t = gw.ticket(new JsonObject(r.body()).getString("number"));
    assertThat(t.getString("subject")).isEqualTo("快递延误三天，客服推诿");
    assertThat(t.getString("body")).isEqualTo("订单号 2026112200123，快递延误三天。\n客服态度差，要求退款。");
    assertThat(t.getJsonObject("customer").getString("name")).isEqualTo("韩梅梅");
    JsonArray files = t.getJsonArray("attachments");
    assertThat(files).hasSize(1);
    assertThat(files.getJsonObject(0).getString("filename")).isEqualTo("发票截图（第一张）.png");
    HttpResponse<byte[]> download = gw.getBytes(files.getJsonObject(0).getString("url"), TestGateway.ADMIN_TOKEN);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(png);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
  }

  @Test
  void storesScriptInSubjectAsTextAndReturnsItJsonEscaped() {
    String script = "<script>alert('x')</script> \"quoted\"";
    HttpResponse<String> r = gw.postJson("/intake/webform", complaint("sub-xss-1").put("subject", script));
    String id = new JsonObject(r.body()).getString("id");

    HttpResponse<String> detail = gw.get("/api/v1/tickets/" + id, TestGateway.ADMIN_TOKEN);
    assertThat(detail.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(detail.body()).contains("\\\"quoted\\\"");
    assertThat(new JsonObject(detail.body()).getString("subject")).isEqualTo(script);
    assertThat(Psql.query(gw.dbUrl(), "SELECT subject FROM tickets WHERE id = $1::uuid", id).get(0).getString(0)).isEqualTo(script);
  }

  @Test
  void acceptsUrlencodedFormsAndAnswersBrowsersWithAPage() {
    String form = "name=%E7%8E%8B%E4%BA%94&email=w5%40example.com&kind=enquiry&body=%E8%AF%B7%E9%97%AE%E4%BF%9D%E4%BF%AE%E6%9C%9F%E5%A4%9A%E4%B9%85%EF%BC%9F";
    HttpResponse<String> r = gw.post("/intake/webform", "application/x-www-form-urlencoded",
        form.getBytes(StandardCharsets.US_ASCII), "Accept", "text/html");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).contains("TS-").contains("已受理");
    String number = r.body().replaceAll("(?s).*(TS-\\d{8}-\\d{5,}).*", "$1");
    JsonObject t = gw.ticket(number);
    assertThat(t.getString("kind")).isEqualTo("enquiry");
    assertThat(t.getString("body")).isEqualTo("请问保修期多久？");
    assertThat(t.getJsonObject("customer").getString("name")).isEqualTo("王五");
  }

  @Test
  void rejectsMissingBodyNamingTheField() {
    HttpResponse<String> r = gw.postJson("/intake/webform", complaint("sub-nobody").put("body", "  "));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("field")).isEqualTo("body");
  }

  @Test
  void rejectsSubmissionWithoutAnyContact() {
    JsonObject body = complaint("sub-nocontact");
    body.remove("phone");
    HttpResponse<String> r = gw.postJson("/intake/webform", body);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("field")).isEqualTo("contact");
    assertThat(error.getString("message")).contains("phone").contains("email");
  }

  @Test
  void rejectsWrongFieldTypesAndBrokenJsonClearly() {
    HttpResponse<String> typed = gw.postJson("/intake/webform", complaint("sub-type").put("subject", new JsonObject()));
    assertThat(typed.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(typed.body()).getJsonObject("error").getString("field")).isEqualTo("subject");

    HttpResponse<String> broken = gw.post("/intake/webform", "application/json", "{\"body\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(broken.body()).getJsonObject("error").getString("message")).contains("JSON");
  }

  @Test
  void refusesFilledHoneypot() {
    HttpResponse<String> r = gw.postJson("/intake/webform", complaint("sub-spam").put("website", "http://spam.example"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("spam_suspected");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE external_id = 'sub-spam'")).isZero();
  }

  @Test
  void answers413ForBodyOverTheLimitAndForOversizeAttachment() {
    byte[] big = new byte[70 * 1024];
    Arrays.fill(big, (byte) 'a');
    Multipart m = new Multipart().field("email", "a@example.com").field("body", "see file")
        .file("attachments", "big.txt", "text/plain", big);
    HttpResponse<String> file = gw.post("/intake/webform", m.contentType(), m.bytes());
    assertThat(file.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(file.body()).getJsonObject("error").getString("field")).isEqualTo("attachments");
    assertThat(new JsonObject(file.body()).getJsonObject("error").getString("message")).contains("big.txt");
  }

  @Test
  void refusesAttachmentTypesOutsideTheAllowList() {
    Multipart m = new Multipart().field("email", "a@example.com").field("body", "see file")
        .file("attachments", "run.exe", "application/x-msdownload", new byte[] {'M', 'Z'});
    HttpResponse<String> r = gw.post("/intake/webform", m.contentType(), m.bytes());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).contains("run.exe");
  }

  @Test
  void signedPartnerSourceNeedsAValidSignature() {
    byte[] body = complaint("partner-1").encode().getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> unsigned = gw.post("/intake/webform/partner-form", "application/json", body);
    HttpResponse<String> wrong = gw.post("/intake/webform/partner-form", "application/json", body,
        Signature.HEADER, Signature.sign("not-the-secret", body));
    HttpResponse<String> signed = gw.post("/intake/webform/partner-form", "application/json", body,
        Signature.HEADER, Signature.sign(TestGateway.PARTNER_SECRET, body));

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(wrong.body()).getJsonObject("error").getString("code")).isEqualTo("unauthorized");
    assertThat(signed.statusCode()).isEqualTo(201);
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE source = 'partner-form'")).isEqualTo(1);
  }

  @Test
  void unknownSourceIs404() {
    HttpResponse<String> r = gw.postJson("/intake/webform/no-such-source", complaint("x"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("not_found");
  }

  @Test
  void servesTheBilingualFormPageWithoutExternalResources() {
    HttpResponse<String> r = gw.get("/form", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("投诉").contains("Complaint").contains("name=\"website\"").contains("/intake/webform");
    assertThat(r.body()).doesNotContain("http://").doesNotContain("https://");
  }
}
