package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Multipart;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The /inbox page in a real headless Chromium (Debian's chromium + chromium-driver, installed by .ci/run). */
class InboxPageIT {
  static final Path CHROMIUM = Path.of(System.getProperty("voxgate.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("voxgate.chromedriver", "/usr/bin/chromedriver"));
  static final String XSS = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
  static TestGateway gw;
  static WebDriver driver;
  static WebDriverWait wait;
  static String token;

  @BeforeAll
  static void start() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " missing (apt-get install chromium chromium-driver)");
    gw = TestGateway.start();
    token = InboxFixtures.issue(gw, "王主管", "supervisor");
    Multipart m = new Multipart().field("submission_id", "page-leak").field("email", "leak@example.com")
        .field("subject", "洗衣机漏水").field("body", "新买的洗衣机漏水，地板泡坏了").field("kind", "complaint")
        .file("attachment", "photo.png", "image/png", png());
    HttpResponse<String> r = gw.post("/intake/webform", m.contentType(), m.bytes());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    r = gw.postJson("/intake/webform", new JsonObject().put("submission_id", "page-xss").put("email", "x@example.com")
        .put("subject", XSS).put("body", XSS));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

    Psql.query(gw.dbUrl(), "UPDATE tickets SET overdue = true, severity = 'major' WHERE external_id = 'page-leak'");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--window-size=1280,1000", "--lang=zh-CN");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.ignoring(StaleElementReferenceException.class); // the list is redrawn while a condition reads it
  }

  @AfterAll
  static void stop() {
    if (driver != null) driver.quit();
    if (gw != null) gw.close();
  }

  static byte[] png() throws IOException {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, 40, 30);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.createDirectories(Path.of("target"));
    Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
  }

  static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#tickets tbody a.open"));
  }

  @Test
  void signsInFiltersOpensRepliesAndKeepsUserTextInert() throws IOException {
    driver.get(gw.url("/inbox"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token, Keys.ENTER);
    wait.until(d -> rows().size() == 2);

    List<WebElement> badges = driver.findElements(By.cssSelector("#tickets tbody tr .badge.overdue"));
    assertThat(badges).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("#tickets tbody tr .badge.major"))).hasSize(1);
    driver.findElement(By.id("f-overdue")).click();
    driver.findElement(By.id("apply")).click();
    wait.until(d -> rows().size() == 1);
    driver.findElement(By.id("f-overdue")).click();

    WebElement q = driver.findElement(By.id("f-q"));
    q.sendKeys("漏水");
    driver.findElement(By.id("apply")).click();
    wait.until(d -> rows().size() == 1 && rows().get(0).getText().equals("洗衣机漏水"));
    screenshot("inbox-list.png");

    wait.until(d -> { // keyboard: a focused link opens the ticket
      rows().get(0).sendKeys(Keys.ENTER);
      return true;
    });
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("t-subject"), "洗衣机漏水"));
    assertThat(driver.findElement(By.id("t-body")).getText()).isEqualTo("新买的洗衣机漏水，地板泡坏了");

    driver.findElement(By.cssSelector("#t-attachments button.preview")).click();
    WebElement img = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#t-preview img")));
    wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth", img)).intValue() == 40);

    driver.findElement(By.id("reply-text")).sendKeys("您好，已安排师傅明天上门维修。");
    driver.findElement(By.id("reply-send")).click();
    wait.until(d -> d.findElements(By.cssSelector("#t-timeline li.type-reply .text")).stream()
        .anyMatch(e -> e.getText().equals("您好，已安排师傅明天上门维修。")));
    assertThat(Psql.query(gw.dbUrl(), "SELECT o.via, o.payload->>'text' FROM outbox o JOIN tickets t ON t.id = o.ticket_id "
        + "WHERE t.external_id = 'page-leak' AND o.purpose = 'reply'").get(0).getString(1)).isEqualTo("您好，已安排师傅明天上门维修。");

    driver.findElement(By.cssSelector("#t-status-buttons button[data-status='in_progress']")).click();
    wait.until(d -> d.findElements(By.cssSelector("#t-status-buttons button[data-status='replied']")).size() == 1);
    assertThat(Psql.query(gw.dbUrl(), "SELECT status FROM tickets WHERE external_id = 'page-leak'").get(0).getString(0))
        .isEqualTo("in_progress");
    screenshot("inbox-ticket.png");

    driver.findElement(By.cssSelector("#ticket a[href='#list']")).click();
    wait.until(d -> d.findElement(By.id("list")).isDisplayed());
    driver.findElement(By.id("f-q")).clear();
    driver.findElement(By.id("apply")).click();
    wait.until(d -> rows().size() == 2);
    wait.until(d -> {
      WebElement xss = rows().stream().filter(e -> e.getText().contains("<script>")).findFirst().orElseThrow();
      assertThat(xss.getText()).isEqualTo(XSS);
      xss.click();
      return true;
    });
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("t-subject"), "<script>"));
    assertThat(driver.findElement(By.id("t-body")).getText()).isEqualTo(XSS);
    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat(js.executeScript("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(js.executeScript("return document.querySelectorAll('main script, main img[src=\"x\"]').length")).isEqualTo(0L);

    driver.findElement(By.id("nav-report")).click();
    wait.until(d -> d.findElements(By.cssSelector("#chart-daily rect.bar")).size() >= 1);
    assertThat(driver.findElements(By.cssSelector("#chart-rates line.target"))).hasSize(2);
    screenshot("inbox-report.png");

    assertThat(driver.findElement(By.cssSelector("header h1")).getText()).isEqualTo("客服中心");
    driver.findElement(By.id("lang")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("header h1"), "Customer centre"));
    assertThat(driver.findElement(By.id("nav-report")).getText()).isEqualTo("Weekly report");
  }
}
