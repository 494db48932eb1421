package io.voxgate.channel.forum;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite (run by {@code bench/forum.sh}): a gateway crawls a local
 * 200-page forum (20 posts a page, one in ten a complaint) with the rate limit off, three times
 * under fresh source ids (the first warms up). Prints pages/s and where the time went: parsing,
 * network, and the rest (matching, storing posts and tickets).
 */
class ForumCrawlBench {
  static final int PAGES = Integer.getInteger("bench.pages", 200);
  static final int PER_PAGE = 20;

  @Test
  void crawlTwoHundredPages() throws Exception {
    try (ForumSite site = new ForumSite()) {
      for (int p = 1; p <= PAGES; p++) site.html("/f/page-" + p + ".html", page(p));
      Path channels = Files.createTempDirectory("forum-bench");
      for (int r = 1; r <= 3; r++) {
        Files.writeString(channels.resolve("bench-" + r + ".yaml"), "id: bench-" + r + "\nchannel: forum\n"
            + "start_urls: [" + site.url("/f/page-1.html") + "]\n"
            + "selectors: {item: 'tbody[id^=normalthread_]', title: th a.xst, link: th a.xst@href, author: td.by cite a,"
            + " time: td.by em span, next: '#fd_page_top a.nxt@href'}\n"
            + "max_pages: " + PAGES + "\nrate_per_second: 0\nschedule: '03:00'\n");
      }
      try (TestGateway gw = TestGateway.start(TestPostgres.newDatabase(),
          Map.of("VOXGATE_CHANNELS_DIR", channels.toString()), Clock.systemUTC())) {
        System.out.printf("forum crawl benchmark: %d pages x %d posts, rate limit off, %d cores%n", PAGES, PER_PAGE,
            Runtime.getRuntime().availableProcessors());
        for (int r = 1; r <= 3; r++) {
          String source = "bench-" + r;
          long t0 = System.nanoTime();
          JsonObject c = ForumCrawlIT.crawlWith(gw, source, 6000);
          double wall = (System.nanoTime() - t0) / 1e9;
          String metrics = gw.get("/metrics", null).body();
          double parse = ForumCrawlIT.metric(metrics, "voxgate_forum_parse_seconds_total", source);
          double fetch = ForumCrawlIT.metric(metrics, "voxgate_forum_fetch_seconds_total", source);
          double wait = ForumCrawlIT.metric(metrics, "voxgate_forum_wait_seconds_total", source);
          int pages = c.getInteger("pages_fetched");
          System.out.printf("run %d%s: %s, %d pages, %d posts, %d tickets in %.2f s = %.1f pages/s; per page: "
                  + "parse %.2f ms, network %.2f ms, rate-limit wait %.2f ms, rest (match, store) %.2f ms%n",
              r, r == 1 ? " (warm-up)" : "", c.getString("status"), pages, c.getInteger("posts_seen"),
              c.getInteger("tickets_created"), wall, pages / wall, 1000 * parse / pages, 1000 * fetch / pages,
              1000 * wait / pages, 1000 * (wall - parse - fetch - wait) / pages);
        }
      }
    }
  }

  /** A Discuz!-like thread list page with the usual surrounding markup. */
  static String page(int p) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>论坛 - 第")
        .append(p).append("页</title></head><body><div id=\"hd\">");
    for (int i = 0; i < 60; i++) b.append("<a href=\"/nav-").append(i).append(".html\">导航 ").append(i).append("</a> ");
    b.append("</div><div id=\"fd_page_top\">");
    if (p < PAGES) b.append("<a class=\"nxt\" href=\"page-").append(p + 1).append(".html\">下一页</a>");
    b.append("</div><table id=\"threadlisttableid\">");
    for (int i = 0; i < PER_PAGE; i++) {
      int id = (PAGES - p) * PER_PAGE + (PER_PAGE - i);
      String title = id % 10 == 0 ? "产品质量问题投诉 #" + id : "使用心得分享 #" + id;
      b.append("<tbody id=\"normalthread_").append(id).append("\"><tr><th><a href=\"thread-").append(id)
          .append("-1-1.html\" class=\"xst\">").append(title).append("</a></th><td class=\"by\"><cite><a href=\"space-")
          .append(id).append("\">用户").append(id % 97).append("</a></cite><em><span>2026-11-")
          .append(10 + id % 10).append(" 1").append(id % 10).append(":0").append(id % 6).append("</span></em></td>")
          .append("<td class=\"num\"><a class=\"xi2\">").append(id % 13).append("</a></td></tr></tbody>");
    }
    b.append("</table><div id=\"ft\">").append("版权所有 ".repeat(200)).append("</div></body></html>");
    return b.toString();
  }
}
