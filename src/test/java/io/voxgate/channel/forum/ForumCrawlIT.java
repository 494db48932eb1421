package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.support.TestClock;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crawler against forum sites on 127.0.0.1, through a real gateway: crawls are started with
 * the admin route and checked by their record, the tickets in the inbox API and the requests the
 * sites saw.
 */
class ForumCrawlIT {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/forum");
  static final String SELECTORS = "selectors: {item: '#threads li.thread', title: a.title, link: a.title@href, "
      + "author: span.by a, time: span.when, body: div.excerpt, next: div.pg a.nxt@href}\n";
  static ForumSite site;
  static ForumSite strict;
  static TestGateway gw;
  static TestClock clock = new TestClock(Instant.parse("2026-11-20T06:00:00Z")); // 14:00 in Shanghai

  @BeforeAll
  static void start() throws IOException {
    site = new ForumSite();
    for (String p : List.of("page-1", "page-2", "page-3")) {
      site.file("/board/" + p + ".html", "text/html", FIXTURES.resolve("board/" + p + ".html"));
    }
    for (String p : List.of("page-1", "page-2")) { // a copy the board test does not change
      site.file("/fixed/" + p + ".html", "text/html", FIXTURES.resolve("board/" + p + ".html"));
    }
    site.file("/gbk/list.html", "text/html", FIXTURES.resolve("gbk/list.html"));
    site.html("/gbk/list.php", "<html><body><ul id=threads></ul></body></html>"); // its page 2: empty
    site.file("/feed.rss", "application/rss+xml", FIXTURES.resolve("feeds/news.rss"));
    site.file("/feed.atom", "application/atom+xml", FIXTURES.resolve("feeds/news.atom"));
    site.status("/moved.html", 302, Map.of("Location", "http://localhost:" + site.port() + "/board/page-1.html"));
    site.status("/hop.html", 301, Map.of("Location", "/board/page-3.html"));
    site.hang("/slow.html");
    site.html("/big.html", "<html><body>" + "x".repeat(4096) + "</body></html>");
    site.html("/posts/list.html", "<ul id=threads>"
        + "<li class=thread><a class=title href='/posts/t1.html'>空调问题</a><div class=excerpt>点击查看…</div></li>"
        + "<li class=thread><a class=title href='/posts/t2.html'>空调推荐</a><div class=excerpt>点击查看…</div></li>"
        + "<li class=thread><a class=title href='/posts/gone.html'>已删除</a><div class=excerpt>点击查看…</div></li></ul>");
    site.html("/posts/t1.html", "<table id=postlist><tr><td class=t_f>安装后一直漏水，要求退款，否则找媒体曝光</td></tr></table>");
    site.html("/posts/t2.html", "<table id=postlist><tr><td class=t_f>哪款省电？</td></tr></table>");
    site.page("/d/latest.json", "application/json", ("{\"users\":[{\"id\":7,\"username\":\"angry_al\"}],"
        + "\"topic_list\":{\"more_topics_url\":\"/d/latest?page=1\",\"topics\":["
        + "{\"id\":41,\"slug\":\"refund-refused\",\"title\":\"Refund refused for broken blender\","
        + "\"created_at\":\"2026-11-19T10:00:00.000+08:00\",\"excerpt\":\"It broke on day one.\",\"posters\":[{\"user_id\":7}]},"
        + "{\"id\":42,\"slug\":\"recipes\",\"title\":\"Smoothie recipes\",\"created_at\":\"2026-11-19T11:00:00Z\","
        + "\"last_poster_username\":\"cook\"}]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    site.page("/d/latest.json?page=1", "application/json",
        "{\"topic_list\":{\"topics\":[]}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    strict = new ForumSite();
    strict.html("/robots.txt", "User-agent: *\nDisallow: /private/\n");
    strict.file("/private/list.html", "text/html", FIXTURES.resolve("board/page-3.html"));

    Path channels = Files.createTempDirectory("forum-channels");
    String daily = "schedule: '03:00'\nrate_per_second: 0\n"; // never fires during the test
    write(channels, "board", "start_urls: [" + site.url("/board/page-1.html") + "]\n" + SELECTORS + daily
        + "exclude: [广告]\nuser_agent: 'TestBot/2.0 (+voxgate tests)'\n");
    write(channels, "gbk-forum", "start_urls: [" + site.url("/gbk/list.html") + "]\n" + SELECTORS + daily);
    write(channels, "feeds", "feed: " + site.url("/feed.rss") + "\n" + daily);
    write(channels, "atom", "feed: " + site.url("/feed.atom") + "\n" + daily);
    write(channels, "not-a-feed", "feed: " + site.url("/board/page-3.html") + "\n" + daily);
    write(channels, "robots", "start_urls: [" + strict.url("/private/list.html") + "]\n" + SELECTORS + daily);
    write(channels, "redirect", "start_urls: [" + site.url("/moved.html") + "]\n" + SELECTORS + daily);
    write(channels, "hop", "start_urls: [" + site.url("/hop.html") + "]\n" + SELECTORS + daily);
    write(channels, "slow", "start_urls: [" + site.url("/slow.html") + "]\n" + SELECTORS + daily + "timeout: PT0.3S\n");
    write(channels, "big", "start_urls: [" + site.url("/big.html") + "]\n" + SELECTORS + daily + "max_response_size: 2KB\n");
    write(channels, "full-posts", "start_urls: [" + site.url("/posts/list.html") + "]\n" + SELECTORS + daily
        + "post_page: {body: 'td.t_f'}\n");
    write(channels, "discourse", "start_urls: [" + site.url("/d/latest.json") + "]\nformat: discourse\n" + daily);
    write(channels, "capped", "start_urls: [" + site.url("/fixed/page-1.html") + "]\n" + SELECTORS + daily + "max_pages: 2\n");
    write(channels, "paced", "start_urls: [" + site.url("/board/page-1.html") + "]\n" + SELECTORS
        + "schedule: '03:00'\nrate_per_second: 5\n");
    write(channels, "dormant", "start_urls: [" + site.url("/board/page-1.html") + "]\n" + SELECTORS + daily + "enabled: false\n");
    gw = TestGateway.start(TestPostgres.newDatabase(), Map.of("VOXGATE_CHANNELS_DIR", channels.toString()), clock);
  }

  static void write(Path dir, String id, String body) throws IOException {
    Files.writeString(dir.resolve(id + ".yaml"), "id: " + id + "\nchannel: forum\n" + body);
  }

  @AfterAll
  static void stop() {
    if (gw != null) gw.close();
    if (site != null) site.close();
    if (strict != null) strict.close();
  }

  static HttpResponse<String> post(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.url(path))).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) b.header("Authorization", "Bearer " + token);
    return gw.send(b.build());
  }

  static JsonObject crawl(String forum) {
    return crawlWith(gw, forum, 200);
  }

  /** Starts a crawl and waits (at most {@code polls} × 50 ms) for its record to end. */
  static JsonObject crawlWith(TestGateway g, String forum, int polls) {
    HttpResponse<String> r = g.send(HttpRequest.newBuilder(URI.create(g.url("/admin/forums/" + forum + "/crawl")))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = new JsonObject(r.body()).getString("crawl_id");
    assertThat(id).isNotBlank();
    for (int i = 0; i < polls; i++) {
      HttpResponse<String> list = g.get("/admin/forums/" + forum + "/crawls", TestGateway.ADMIN_TOKEN);
      for (Object o : new JsonObject(list.body()).getJsonArray("items")) {
        JsonObject c = (JsonObject) o;
        if (c.getString("id").equals(id) && !"running".equals(c.getString("status"))) {
          return c;
        }
      }
      pause(50);
    }
    throw new AssertionError("crawl " + id + " of " + forum + " did not end");
  }

  static JsonArray crawls(String forum) {
    HttpResponse<String> r = gw.get("/admin/forums/" + forum + "/crawls", TestGateway.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("items");
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms); // bounded polling interval, not a wait for an outcome
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static List<JsonObject> tickets(String source) {
    HttpResponse<String> r = gw.get("/api/v1/tickets?channel=forum&limit=200", TestGateway.ADMIN_TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    for (Object o : new JsonObject(r.body()).getJsonArray("items")) {
      JsonObject t = (JsonObject) o;
      if (t.getString("source").equals(source)) out.add(gw.ticket(t.getString("id")));
    }
    return out;
  }

  static JsonObject byUrl(List<JsonObject> tickets, String url) {
    return tickets.stream().filter(t -> t.getString("external_id").equals(url)).findFirst()
        .orElseThrow(() -> new AssertionError("no ticket for " + url + " in " + tickets));
  }

  @Test
  void crawlsAllPagesThenOnlyWhatIsNewAndRecordsEdits() {
    String board = site.url("/board/");
    int before = site.hits.size();
    JsonObject first = crawl("board");

    assertThat(first.getString("status")).isEqualTo("succeeded");
    assertThat(first.getInteger("pages_fetched")).isEqualTo(3);
    assertThat(first.getInteger("posts_seen")).isEqualTo(10);
    assertThat(first.getInteger("tickets_created")).isEqualTo(5);
    assertThat(first.getInteger("errors")).isZero();
    List<JsonObject> tickets = tickets("board");
    assertThat(tickets).extracting(t -> t.getString("external_id")).containsExactlyInAnyOrder(
        board + "thread-101-1-1.html", board + "thread-103-1-1.html", board + "thread-95-1-1.html",
        board + "thread-93-1-1.html", board + "thread-90-1-1.html");
    JsonObject washer = byUrl(tickets, board + "thread-101-1-1.html");
    assertThat(washer.getString("kind")).isEqualTo("potential");
    assertThat(washer.getString("channel")).isEqualTo("forum");
    assertThat(washer.getString("subject")).isEqualTo("洗衣机用了三天就坏了，要求退款");
    assertThat(washer.getString("body")).isEqualTo("客服一直推诿，准备打12315投诉");
    assertThat(washer.getJsonObject("customer").getString("name")).isEqualTo("王先生");
    assertThat(washer.getString("received_at")).isEqualTo("2026-11-20T01:15:00Z");
    assertThat(washer.getString("severity")).isEqualTo("major"); // 12315
    assertThat(washer.getJsonArray("matched_rules").getList()).contains("forum:keyword:退款", "forum:keyword:12315");
    assertThat(washer.getString("ack_state")).isEqualTo("suppressed");
    assertThat(byUrl(tickets, board + "thread-95-1-1.html").getString("severity")).isEqualTo("major"); // 媒体/曝光
    List<Instant> clock = Psql.query(gw.dbUrl(), "SELECT due_at FROM ticket_clocks WHERE ticket_id = $1 AND clock = 'forum_reply'",
        java.util.UUID.fromString(washer.getString("id"))).stream().map(r -> r.getOffsetDateTime(0).toInstant()).toList();
    assertThat(clock).containsExactly(Instant.parse("2026-11-20T10:00:00Z")); // 18:00 Shanghai the same day
    assertThat(site.hitsSince(before)).allSatisfy(h -> assertThat(h.userAgent()).isEqualTo("TestBot/2.0 (+voxgate tests)"));

    JsonObject second = crawl("board");
    assertThat(second.getInteger("tickets_created")).isZero();
    assertThat(second.getInteger("pages_fetched")).isEqualTo(1); // page 1 holds only known posts
    assertThat(tickets("board")).hasSize(5);

    // a new complaint on top of page 1, and the washer post edited
    String page1 = read("board/page-1.html")
        .replace("<ul id=\"threads\">", "<ul id=\"threads\">\n  <li class=\"thread\" id=\"t105\"><a class=\"title\" "
            + "href=\"thread-105-1-1.html\">烤箱门玻璃炸裂</a><span class=\"by\">作者：<a>钱</a></span>"
            + "<span class=\"when\">发表于 10 分钟前</span><div class=\"excerpt\">要求退款并赔偿</div></li>")
        .replace("准备打12315投诉", "准备打12315投诉。更新：已经报警")
        .replace("制冷效果不错，安装师傅很专业", "制冷效果不错，但是一个月后坏了，要投诉"); // now a complaint
    site.html("/board/page-1.html", page1);
    int mark = site.hits.size();
    JsonObject third = crawl("board");
    assertThat(third.getInteger("tickets_created")).isEqualTo(2); // the new post and the one edited into a complaint
    assertThat(third.getInteger("posts_edited")).isEqualTo(1);
    assertThat(third.getInteger("pages_fetched")).isEqualTo(2); // page 2 holds only known posts: stop there
    assertThat(site.pathsSince(mark)).doesNotContain("/board/page-3.html");
    JsonObject oven = byUrl(tickets("board"), board + "thread-105-1-1.html");
    assertThat(oven.getString("received_at")).isEqualTo("2026-11-20T05:50:00Z");
    JsonArray timeline = gw.ticket(washer.getString("id")).getJsonArray("timeline");
    List<JsonObject> edits = timeline.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("type").equals("post_edited")).toList();
    assertThat(edits).hasSize(1);
    assertThat(edits.get(0).getJsonObject("data").getString("body")).contains("已经报警");
    assertThat(tickets("board")).hasSize(7);
    assertThat(byUrl(tickets("board"), board + "thread-102-1-1.html").getString("body")).contains("要投诉");
  }

  @Test
  void readsEachNewPostsOwnPageForTheFullBody() {
    JsonObject c = crawl("full-posts");
    assertThat(c.getString("status")).isEqualTo("succeeded"); // a missing post page is an error, not a failure
    assertThat(c.getInteger("pages_fetched")).isEqualTo(3);
    assertThat(c.getInteger("errors")).isEqualTo(1);
    assertThat(c.getJsonArray("error_messages").encode()).contains("gone.html").contains("HTTP 404");
    List<JsonObject> t = tickets("full-posts");
    assertThat(t).hasSize(1);
    assertThat(t.get(0).getString("body")).isEqualTo("安装后一直漏水，要求退款，否则找媒体曝光");
    assertThat(t.get(0).getString("severity")).isEqualTo("major");
  }

  @Test
  void stopsAtMaxPages() {
    JsonObject c = crawl("capped");
    assertThat(c.getString("status")).isEqualTo("succeeded");
    assertThat(c.getInteger("pages_fetched")).isEqualTo(2);
    assertThat(c.getInteger("posts_seen")).isEqualTo(8);
  }

  @Test
  void readsADiscourseForumThroughItsJsonApi() {
    int mark = site.hits.size();
    JsonObject c = crawl("discourse");
    assertThat(c.getString("status")).isEqualTo("succeeded");
    assertThat(c.getInteger("pages_fetched")).isEqualTo(2);
    assertThat(site.pathsSince(mark)).contains("/d/latest.json?page=1");
    List<JsonObject> t = tickets("discourse");
    assertThat(t).hasSize(1);
    assertThat(t.get(0).getString("external_id")).isEqualTo(site.url("/t/refund-refused/41"));
    assertThat(t.get(0).getJsonObject("customer").getString("name")).isEqualTo("angry_al");
    assertThat(t.get(0).getString("received_at")).isEqualTo("2026-11-19T02:00:00Z");
  }

  @Test
  void readinessShowsEachForumsLastSuccessAndNewestPost() {
    crawl("gbk-forum");
    JsonObject ready = new JsonObject(gw.get("/health/ready", null).body());
    JsonObject gbk = ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("id").equals("source:gbk-forum")).findFirst().orElseThrow().getJsonObject("data");
    assertThat(gbk.getString("last_success")).isEqualTo("2026-11-20T06:00:00Z");
    assertThat(gbk.getString("newest_post_at")).isEqualTo("2026-11-19T06:03:00Z");
    assertThat(gbk.getString("newest_post_url")).isEqualTo(site.url("/gbk/viewthread.php?tid=7"));
    assertThat(gbk.getString("schedule")).isEqualTo("daily 03:00");
  }

  @Test
  void decodesAGbkForumLabelledGb2312() {
    JsonObject c = crawl("gbk-forum");
    assertThat(c.getString("status")).isEqualTo("succeeded");
    List<JsonObject> t = tickets("gbk-forum");
    assertThat(t).hasSize(1);
    assertThat(t.get(0).getString("subject")).isEqualTo("投诉：堃记热水壶漏电");
    assertThat(t.get(0).getJsonObject("customer").getString("name")).isEqualTo("李堃");
    assertThat(t.get(0).getString("external_id")).isEqualTo(site.url("/gbk/viewthread.php?tid=7"));
  }

  @Test
  void readsRssAndAtomFeeds() {
    assertThat(crawl("feeds").getInteger("tickets_created")).isEqualTo(1);
    JsonObject fridge = tickets("feeds").get(0);
    assertThat(fridge.getString("external_id")).isEqualTo(site.url("/thread-201-1-1.html"));
    assertThat(fridge.getString("received_at")).isEqualTo("2026-11-20T03:10:00Z");
    assertThat(fridge.getString("body")).isEqualTo("冰箱买了两个月就不制冷了。 已经投诉三次。");

    assertThat(crawl("atom").getInteger("tickets_created")).isEqualTo(1);
    assertThat(tickets("atom").get(0).getString("external_id")).isEqualTo(site.url("/t/301#p1"));
    assertThat(tickets("atom").get(0).getJsonObject("customer").getString("name")).isEqualTo("电视受害者");

    JsonObject html = crawl("not-a-feed");
    assertThat(html.getString("status")).isEqualTo("failed");
    assertThat(html.getJsonArray("error_messages").encode()).contains("not an RSS or Atom feed");
  }

  @Test
  void honoursRobotsTxt() {
    JsonObject c = crawl("robots");
    assertThat(c.getString("status")).isEqualTo("failed");
    assertThat(c.getJsonArray("error_messages").encode()).contains("robots.txt disallows");
    assertThat(strict.paths()).contains("/robots.txt").doesNotContain("/private/list.html");
  }

  @Test
  void followsRedirectsOnlyWithinTheConfiguredHosts() {
    JsonObject refused = crawl("redirect");
    assertThat(refused.getString("status")).isEqualTo("failed");
    assertThat(refused.getJsonArray("error_messages").encode()).contains("not on a configured host");
    assertThat(site.hits).noneMatch(h -> "localhost".equals(h.host()));

    JsonObject followed = crawl("hop");
    assertThat(followed.getString("status")).isEqualTo("succeeded");
    assertThat(followed.getInteger("posts_seen")).isEqualTo(2);
  }

  @Test
  void enforcesTimeoutAndResponseSizeLimits() {
    JsonObject slow = crawl("slow");
    assertThat(slow.getString("status")).isEqualTo("failed");
    assertThat(slow.getJsonArray("error_messages").encode()).contains("timeout after 300 ms");
    JsonObject big = crawl("big");
    assertThat(big.getString("status")).isEqualTo("failed");
    assertThat(big.getJsonArray("error_messages").encode()).contains("max_response_size 2048");
  }

  @Test
  void spacesRequestsToOneHostByTheRateLimit() {
    int mark = site.hits.size();
    JsonObject c = crawl("paced");
    assertThat(c.getInteger("pages_fetched")).isEqualTo(3);
    List<ForumSite.Hit> hits = site.hitsSince(mark).stream()
        .filter(h -> h.path().startsWith("/board/")).toList();
    assertThat(hits).hasSize(3);
    for (int i = 1; i < hits.size(); i++) {
      assertThat((hits.get(i).nanos() - hits.get(i - 1).nanos()) / 1_000_000).isGreaterThanOrEqualTo(150); // 5/s: 200 ms, less connection jitter
    }
  }

  @Test
  void adminRoutesNeedAnAdminTokenAndAKnownEnabledForum() {
    assertThat(post("/admin/forums/board/crawl", null).statusCode()).isEqualTo(401);
    assertThat(gw.get("/admin/forums/board/crawls", "vxg_wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> unknown = post("/admin/forums/nope/crawl", TestGateway.ADMIN_TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("code")).isEqualTo("not_found");
    HttpResponse<String> off = post("/admin/forums/dormant/crawl", TestGateway.ADMIN_TOKEN);
    assertThat(off.statusCode()).isEqualTo(409);
    assertThat(off.body()).contains("disabled");
  }

  @Test
  void countsPagesPostsTicketsAndErrorsPerForum() {
    crawl("gbk-forum");
    crawl("slow");
    String metrics = gw.get("/metrics", null).body();
    assertThat(metric(metrics, "voxgate_forum_pages_total", "gbk-forum")).isGreaterThanOrEqualTo(1);
    assertThat(metric(metrics, "voxgate_forum_posts_total", "gbk-forum")).isGreaterThanOrEqualTo(2);
    assertThat(metric(metrics, "voxgate_forum_tickets_total", "gbk-forum")).isBetween(0.0, 1.0);
    assertThat(metric(metrics, "voxgate_forum_errors_total", "slow")).isGreaterThanOrEqualTo(1);
    assertThat(metric(metrics, "voxgate_forum_pages_total", "dormant")).isZero();
  }

  static double metric(String text, String name, String source) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("source=\"" + source + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " for " + source + " not in /metrics");
  }

  static String read(String fixture) {
    try {
      return Files.readString(FIXTURES.resolve(fixture), Charset.forName("UTF-8"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
