package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.TestClock;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows each forum's last successful crawl (26 h at most, on a controllable clock),
 * and two gateways on one database never crawl one forum at the same time.
 */
class ForumHealthIT {
  static ForumSite site;
  static TestClock clock = new TestClock(Instant.parse("2026-11-20T06:00:00Z"));
  static TestGateway gw;
  static TestGateway other;

  @BeforeAll
  static void start() throws IOException {
    site = new ForumSite();
    site.status("/flaky.html", 500, Map.of());
    site.hang("/busy.html");
    Path channels = Files.createTempDirectory("forum-health");
    String common = "selectors: {item: '#threads li.thread', title: a.title, link: a.title@href}\n"
        + "schedule: '03:00'\nrate_per_second: 0\n";
    Files.writeString(channels.resolve("flaky.yaml"), "id: flaky\nchannel: forum\nstart_urls: ["
        + site.url("/flaky.html") + "]\n" + common);
    Files.writeString(channels.resolve("busy.yaml"), "id: busy\nchannel: forum\nstart_urls: ["
        + site.url("/busy.html") + "]\n" + common + "timeout: PT3S\n");
    Files.writeString(channels.resolve("dormant.yaml"), "id: dormant\nchannel: forum\nenabled: false\nstart_urls: ["
        + site.url("/never.html") + "]\n" + common);
    String db = TestPostgres.newDatabase();
    Map<String, String> env = Map.of("VOXGATE_CHANNELS_DIR", channels.toString());
    gw = TestGateway.start(db, env, clock);
    other = TestGateway.start(db, env, clock);
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (other != null) other.close();
    if (site != null) site.close();
  }

  static JsonObject crawlAndWait(TestGateway g, String forum) {
    HttpResponse<String> r = g.send(HttpRequest.newBuilder(URI.create(g.url("/admin/forums/" + forum + "/crawl")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return waitFor(g, forum, new JsonObject(r.body()).getString("crawl_id"));
  }

  static JsonObject waitFor(TestGateway g, String forum, String id) {
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> list = g.get("/admin/forums/" + forum + "/crawls", TestGateway.ADMIN_TOKEN);
      for (Object o : new JsonObject(list.body()).getJsonArray("items")) {
        JsonObject c = (JsonObject) o;
        if (c.getString("id").equals(id) && !"running".equals(c.getString("status"))) return c;
      }
      ForumCrawlIT.pause(50);
    }
    throw new AssertionError("crawl " + id + " did not end");
  }

  static JsonObject check(HttpResponse<String> ready, String id) {
    for (Object o : new JsonObject(ready.body()).getJsonArray("checks")) {
      JsonObject c = (JsonObject) o;
      if (c.getString("id").equals(id)) return c;
    }
    throw new AssertionError(id + " not in " + ready.body());
  }

  @Test
  void readinessTurns503WhenAForumHasNotCrawledSuccessfullyFor26Hours() {
    clock.set(Instant.parse("2026-11-20T06:00:00Z"));
    assertThat(crawlAndWait(gw, "flaky").getString("status")).isEqualTo("failed");
    clock.advance(Duration.ofHours(25));
    HttpResponse<String> fresh = gw.get("/health/ready", null);
    assertThat(check(fresh, "source:flaky").getString("status")).isEqualTo("UP");

    clock.advance(Duration.ofHours(2)); // 27 h after start, no success
    HttpResponse<String> stale = gw.get("/health/ready", null);
    assertThat(stale.statusCode()).isEqualTo(503);
    JsonObject flaky = check(stale, "source:flaky");
    assertThat(flaky.getString("status")).isEqualTo("DOWN");
    assertThat(flaky.getJsonObject("data").getString("last_error")).contains("HTTP 500");
    assertThat(check(stale, "source:dormant").getString("status")).isEqualTo("UP"); // disabled

    site.html("/flaky.html", "<ul id=threads><li class=thread><a class=title href=t1>hello</a></li></ul>");
    site.html("/busy.html", "<ul id=threads></ul>");
    assertThat(crawlAndWait(gw, "flaky").getString("status")).isEqualTo("succeeded");
    assertThat(crawlAndWait(gw, "busy").getString("status")).isEqualTo("succeeded");
    HttpResponse<String> recovered = gw.get("/health/ready", null);
    assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
    assertThat(check(recovered, "source:flaky").getJsonObject("data").getString("last_success"))
        .isEqualTo("2026-11-21T09:00:00Z");
    // the other gateway sees the success recorded by this one
    assertThat(check(other.get("/health/ready", null), "source:flaky").getString("status")).isEqualTo("UP");

    clock.advance(Duration.ofHours(26).plusMinutes(1));
    assertThat(gw.get("/health/ready", null).statusCode()).isEqualTo(503);
    site.hang("/busy.html");
  }

  @Test
  void aForumIsCrawledByOneGatewayAtATime() {
    site.hang("/busy.html");
    int mark = site.hits.size();
    HttpResponse<String> first = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/admin/forums/busy/crawl")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(first.statusCode()).isEqualTo(202);
    for (int i = 0; i < 100 && !requestedSince(mark, "/busy.html"); i++) {
      ForumCrawlIT.pause(20);
    }
    // the first gateway now holds the lock while its request hangs
    JsonObject second = crawlAndWait(other, "busy");
    assertThat(second.getString("status")).isEqualTo("skipped");
    assertThat(second.getJsonArray("error_messages").encode()).contains("another gateway instance");
    // and a second crawl on the same gateway is refused while the first runs
    HttpResponse<String> again = gw.send(HttpRequest.newBuilder(URI.create(gw.url("/admin/forums/busy/crawl")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(again.statusCode()).isEqualTo(409);
    JsonObject firstDone = waitFor(gw, "busy", new JsonObject(first.body()).getString("crawl_id"));
    assertThat(firstDone.getString("status")).isEqualTo("failed");
    assertThat(site.pathsSince(mark).stream().filter(p -> p.equals("/busy.html")).count()).isEqualTo(1);
  }

  private static boolean requestedSince(int mark, String path) {
    return site.pathsSince(mark).contains(path);
  }
}
