package io.voxgate.ticket.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.config.ConfigLoader;
import io.voxgate.config.Rules;
import io.voxgate.ticket.Category;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.Kind;
import io.voxgate.ticket.Normaliser;
import io.voxgate.ticket.Severity;
import io.voxgate.ticket.TicketEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The ordered steps with the project's own conf/rules.yaml. */
class StepsTest {
  static final Rules RULES = ConfigLoader.load(Path.of("conf"),
      Map.of("VOXGATE_DB_URL", "postgresql://x@127.0.0.1/x")).rules();
  static final Normaliser NORMALISER = Normaliser.standard(RULES);

  static TicketEvent event(String subject, String body) {
    return TicketEvent.builder(Channel.WEBFORM, "webform", "k", Instant.parse("2026-11-22T08:00:00Z"))
        .subject(subject).body(body).customer(new Customer("王", "13800138000", null, null)).build();
  }

  @Test
  void controlCharactersAndLoneSurrogatesAreRemovedButLineBreaksStay() {
    TicketEvent e = event("退\u0000款", "第一行\r\n第二\u0007行\t完\uD800").toBuilder()
        .customer(new Customer("王\u0000五", "138\u001F00138000", "a\u0000@b.cn", null)).build();
    TicketEvent out = new TextCleanup().apply(e);
    assertThat(out.subject()).isEqualTo("退款");
    assertThat(out.body()).isEqualTo("第一行\r\n第二行\t完");
    assertThat(out.customer().name()).isEqualTo("王五");
    assertThat(out.customer().email()).isEqualTo("a@b.cn");
    assertThat(new TextCleanup().apply(event("😀 emoji", "ok")).subject()).isEqualTo("😀 emoji");
  }

  @Test
  void htmlBodyBecomesTextWithLineBreaksAndTheHtmlIsKept() {
    TicketEvent e = event("s", "").toBuilder()
        .bodyHtml("<html><head><style>p{}</style></head><body><p>您好，</p><p>空调<b>不制冷</b><br>已经三天</p>"
            + "<script>alert(1)</script></body></html>").build();
    TicketEvent out = new HtmlToText().apply(e);
    assertThat(out.body()).isEqualTo("您好，\n空调不制冷\n已经三天");
    assertThat(out.bodyHtml()).contains("<b>不制冷</b>");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "要求赔偿5000元                    | 5000",
      "索赔2.5万元，否则起诉               | 25000",
      "退款 ¥1,299.00 至今未到账           | 1299",
      "please refund RMB 800 to my card  | 800",
      "订单号 20261122001，要求退款 300 元 | 300",
  })
  void findsTheClaimedAmountAfterAClaimWord(String text, String amount) {
    assertThat(new ClaimAmount(RULES.claimWords()).apply(event("", text)).claimAmount())
        .isEqualByComparingTo(new BigDecimal(amount));
  }

  @Test
  void ignoresNumbersThatAreNotClaims() {
    assertThat(new ClaimAmount(RULES.claimWords()).apply(event("订单 2026112200123", "电话 13800138000 没人接")).claimAmount()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "100   | general",
      "499   | general",
      "500   | important",
      "9999  | important",
      "10000 | major",
  })
  void severityFollowsTheClaimedAmount(String amount, String severity) {
    TicketEvent e = event("账单", "多收了钱").toBuilder().claimAmount(new BigDecimal(amount)).build();
    assertThat(NORMALISER.apply(e).severity().wire()).isEqualTo(severity);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "产品有安全隐患，人身安全受到威胁 | safety",
      "孩子被烫伤住院                   | injury",
      "充电时起火                       | fire",
      "我们小区业主集体投诉             | group",
      "已经联系了电视台记者             | media",
      "已向12315投诉                    | regulator",
      "楼板出现结构缺陷                 | structural",
      "The heater caught fire           | fire",
  })
  void majorCaseKeywordsMakeTheTicketMajor(String text, String rule) {
    TicketEvent out = NORMALISER.apply(event("", text));
    assertThat(out.severity()).isEqualTo(Severity.MAJOR);
    assertThat(out.matched()).anyMatch(m -> m.startsWith("severity:" + rule + ":"));
    assertThat(out.department()).isEqualTo("quality-management");
  }

  @Test
  void classifiesKindAndCategoryFromWording() {
    TicketEvent enquiry = NORMALISER.apply(event("保修", "请问这个型号的保修期是多久？"));
    TicketEvent quality = NORMALISER.apply(event("冰箱", "冰箱漏水，要投诉"));
    TicketEvent service = NORMALISER.apply(event("客服", "客服态度恶劣，我要投诉"));
    TicketEvent report = NORMALISER.apply(event("", "我要实名举报门店经理"));
    assertThat(enquiry.kind()).isEqualTo(Kind.ENQUIRY);
    assertThat(enquiry.department()).isEqualTo("customer-service");
    assertThat(quality.kind()).isEqualTo(Kind.COMPLAINT);
    assertThat(quality.category()).isEqualTo(Category.QUALITY);
    assertThat(quality.department()).isEqualTo("quality");
    assertThat(service.category()).isEqualTo(Category.NON_QUALITY);
    assertThat(service.department()).isEqualTo("service");
    assertThat(report.kind()).isEqualTo(Kind.REPORT);
    assertThat(report.department()).isEqualTo("leadership");
  }

  @Test
  void keepsWhatTheSenderStated() {
    TicketEvent e = event("", "请问怎么退款").toBuilder().kind(Kind.COMPLAINT).severity(Severity.IMPORTANT).build();
    TicketEvent out = NORMALISER.apply(e);
    assertThat(out.kind()).isEqualTo(Kind.COMPLAINT);
    assertThat(out.severity()).isEqualTo(Severity.IMPORTANT);
  }

  @Test
  void acknowledgesByEmailThenSmsAndRecordsWhyNot() {
    TicketEvent both = event("", "x").toBuilder().customer(new Customer(null, "138", "a@b.cn", null)).build();
    TicketEvent phone = event("", "x");
    TicketEvent none = event("", "x").toBuilder().customer(Customer.UNKNOWN).build();
    TicketEvent letterWithBoth = TicketEvent.builder(Channel.LETTER, "mailroom", "k", Instant.parse("2026-11-22T08:00:00Z"))
        .body("x").customer(new Customer(null, "138", "a@b.cn", null)).build();
    assertThat(NORMALISER.apply(both).ack().ways()).as("a web form that gives both is answered on both")
        .containsExactly("email", "sms");
    assertThat(NORMALISER.apply(letterWithBoth).ack().ways()).containsExactly("email");
    assertThat(NORMALISER.apply(phone).ack().via()).isEqualTo("sms");
    assertThat(NORMALISER.apply(none).ack().suppressedReason()).isEqualTo("no_contact");
  }

  @Test
  void detectsTheReplyLanguage() {
    assertThat(NORMALISER.apply(event("", "The kettle leaks")).language()).isEqualTo("en");
    assertThat(NORMALISER.apply(event("", "水壶漏水")).language()).isEqualTo("zh-CN");
  }
}
