package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestClock;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forum host that answers 500 and one that hangs beyond {@code timeout}, both after the first
 * page: the crawl ends in bounded time, says why in its record and in readiness, and the first
 * crawl after the host recovers takes every post, including those behind the pages already seen.
 */
class ForumHostFaultsIT {
  static final String COMMON = "selectors: {item: '#threads li.thread', title: a.title, link: a.title@href, "
      + "next: a.nxt@href}\nkeywords: [投诉]\nschedule: '03:00'\nrate_per_second: 0\n";
  static ForumSite site;
  static TestGateway gw;
  static final TestClock clock = new TestClock(Instant.parse("2026-11-20T06:00:00Z"));

  @BeforeAll
  static void start() throws IOException {
    site = new ForumSite();
    Path channels = Files.createTempDirectory("forum-faults");
    for (String f : List.of("erring", "stuck")) {
      site.html("/" + f + "/list.html", list(f, 1, 2, "/" + f + "/list-2.html"));
      Files.writeString(channels.resolve(f + ".yaml"), "id: " + f + "\nchannel: forum\nstart_urls: ["
          + site.url("/" + f + "/list.html") + "]\n" + COMMON + "timeout: PT0.5S\n");
    }
    site.status("/erring/list-2.html", 500, Map.of());
    site.hang("/stuck/list-2.html");
    gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_CHANNELS_DIR", channels.toString()), clock);
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (site != null) site.close();
  }

  /** Posts {@code from..to} of a forum, each a complaint, with a link to the next page if any. */
  static String list(String forum, int from, int to, String next) {
    StringBuilder b = new StringBuilder("<html><body><ul id=threads>");
    for (int i = from; i <= to; i++) {
      b.append("<li class=thread><a class=title href='/").append(forum).append("/t").append(i).append(".html'>投诉 ")
          .append(forum).append(' ').append(i).append("：热水器漏水</a></li>");
    }
    b.append("</ul>");
    if (next != null) b.append("<a class=nxt href='").append(next).append("'>下一页</a>");
    return b.append("</body></html>").toString();
  }

  @Test
  void failingHostsEndTheCrawlInTimeAreReportedAndLoseNoPostOnceBack() {
    for (String forum : List.of("erring", "stuck")) {
      long t0 = System.nanoTime();
      JsonObject failed = ForumHealthIT.crawlAndWait(gw, forum);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(took).as("%s: the crawl is bounded by the timeout", forum).isLessThan(Duration.ofSeconds(4));
      assertThat(failed.getString("status")).as(failed.encode()).isEqualTo("failed");
      assertThat(failed.getInteger("errors")).isEqualTo(1);
      assertThat(failed.getInteger("posts_seen")).as("the first page was read").isEqualTo(2);
      assertThat(failed.getJsonArray("error_messages").encode()).contains("/" + forum + "/list-2.html")
          .contains(forum.equals("erring") ? "HTTP 500" : "timeout after 500 ms");
      JsonObject check = ForumHealthIT.check(gw.get("/health/ready", null), "source:" + forum);
      assertThat(check.getJsonObject("data").getString("last_error")).as(check.encode())
          .contains(forum.equals("erring") ? "HTTP 500" : "timeout");
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM forum_posts")).isEqualTo(4);

    for (String forum : List.of("erring", "stuck")) { // the host is back; the first page has not changed
      site.html("/" + forum + "/list-2.html", list(forum, 3, 4, "/" + forum + "/list-3.html"));
      site.html("/" + forum + "/list-3.html", list(forum, 5, 5, null));
      JsonObject recovered = ForumHealthIT.crawlAndWait(gw, forum);
      assertThat(recovered.getString("status")).as(recovered.encode()).isEqualTo("succeeded");
      assertThat(recovered.getInteger("tickets_created")).as("%s: the posts behind the failed page", forum).isEqualTo(3);
      List<String> urls = Psql.query(gw.dbUrl(), "SELECT url FROM forum_posts WHERE source = $1 ORDER BY url", forum)
          .stream().map(r -> r.getString(0)).toList();
      assertThat(urls).hasSize(5).allSatisfy(u -> assertThat(u).contains("/" + forum + "/t"));
      assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM tickets WHERE source = $1", forum)).isEqualTo(5);
      assertThat(ForumHealthIT.check(gw.get("/health/ready", null), "source:" + forum).getString("status")).isEqualTo("UP");
      clock.advance(Duration.ofMinutes(1));

      int mark = site.hits.size();
      JsonObject quiet = ForumHealthIT.crawlAndWait(gw, forum);
      assertThat(quiet.getString("status")).isEqualTo("succeeded");
      assertThat(site.pathsSince(mark)).as("%s: back to reading only until the known posts", forum)
          .containsExactly("/" + forum + "/list.html");
      clock.advance(Duration.ofMinutes(1));
    }
  }
}
