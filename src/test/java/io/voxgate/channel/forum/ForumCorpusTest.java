package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.ForumOptions.Selectors;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real forum pages and feeds of the shared corpus, read in place: the selectors in
 * {@code expected.json} extract the expected items through {@link ForumPageParser} and
 * {@link FeedParser}. Skipped (visibly) when the corpus is absent.
 */
class ForumCorpusTest {
  static final Path CORPUS = Path.of(System.getProperty("voxgate.shared", "../shared"), "corpus", "forum");
  static final String BASE = "http://forum.example.com/board/";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T06:00:00Z"), ZoneOffset.UTC);
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  static Stream<JsonObject> cases(String kind) throws IOException {
    Path expected = CORPUS.resolve("expected.json");
    Assumptions.assumeTrue(Files.exists(expected), "forum corpus absent at " + CORPUS.toAbsolutePath());
    JsonArray all = new JsonObject(Files.readString(expected)).getJsonArray("cases");
    return all.stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("selector_syntax").startsWith(kind));
  }

  static Stream<JsonObject> htmlCases() throws IOException {
    return cases("jsoup CSS (");
  }

  static Stream<JsonObject> feedCases() throws IOException {
    return cases("jsoup CSS with Parser.xmlParser()");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("htmlCases")
  void selectorsExtractTheExpectedItems(JsonObject c) throws IOException {
    JsonObject sel = c.getJsonObject("selectors");
    JsonObject exp = c.getJsonObject("expected");
    String url = BASE + c.getString("file");
    byte[] body = Files.readAllBytes(CORPUS.resolve(c.getString("file")));
    Selectors selectors = new Selectors(sel.getString("item"), sel.getString("title"), sel.getString("content"),
        sel.getString("author"), sel.getString("time"), sel.getString("link"), sel.getString("next_page"));

    ForumPageParser.Page page = ForumPageParser.parse(body, "text/html", url, selectors);

    assertThat(page.error()).isNull();
    assertThat(page.charset()).isEqualTo("UTF-8");
    assertThat(page.posts()).hasSize(exp.getInteger("item_count"));
    assertThat(page.next()).isEqualTo(exp.getString("next_page") == null ? null : resolve(url, exp.getString("next_page")));
    JsonArray first = exp.getJsonArray("first_items");
    for (int i = 0; i < first.size(); i++) {
      JsonObject e = first.getJsonObject(i);
      ForumPost p = page.posts().get(i);
      if (e.containsKey("title")) assertThat(p.title()).as("title %d", i).isEqualTo(e.getString("title"));
      if (e.containsKey("link")) assertThat(p.url()).as("link %d", i).isEqualTo(resolve(url, e.getString("link")));
      // labels in their own inline element ("<em>作者：</em>admin"): jsoup joins without the space
      // BeautifulSoup put there, so these two compare without whitespace
      if (e.containsKey("author")) assertThat(squeeze(p.author())).as("author %d", i).isEqualTo(squeeze(e.getString("author")));
      if (e.containsKey("time")) {
        assertThat(squeeze(p.timeText())).as("time %d", i).isEqualTo(squeeze(e.getString("time")));
        assertThat(ForumTimes.parse(p.timeText(), ZONE, CLOCK)).as("time %d parses: %s", i, p.timeText()).isPresent();
      }
      if (e.containsKey("content")) assertThat(p.body()).as("content %d", i).isEqualTo(e.getString("content"));
      if (e.containsKey("content_startswith")) {
        assertThat(p.body()).as("content %d", i).startsWith(e.getString("content_startswith"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("feedCases")
  void feedsGiveTheExpectedEntries(JsonObject c) throws IOException {
    JsonObject exp = c.getJsonObject("expected");
    byte[] body = Files.readAllBytes(CORPUS.resolve(c.getString("file")));

    FeedParser.Feed feed = FeedParser.parse(body, "application/xml", BASE + c.getString("file"));

    assertThat(feed.format()).isEqualTo(c.getString("file").endsWith(".atom") ? "atom" : "rss");
    assertThat(feed.posts()).hasSize(exp.getInteger("item_count"));
    assertThat(feed.title()).isEqualTo(exp.containsKey("feed_title") ? exp.getString("feed_title") : exp.getString("channel_title"));
    JsonArray first = exp.getJsonArray("first_items");
    for (int i = 0; i < first.size(); i++) {
      JsonObject e = first.getJsonObject(i);
      ForumPost p = feed.posts().get(i);
      assertThat(p.title()).isEqualTo(e.getString("title"));
      assertThat(p.url()).isEqualTo(e.getString("link"));
      assertThat(p.author()).isEqualTo(e.getString("author"));
      if (e.getString("time") != null) {
        assertThat(p.timeText()).isEqualTo(e.getString("time"));
        assertThat(ForumTimes.parse(p.timeText(), ZONE, CLOCK)).isPresent();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("htmlCases")
  void everyItemOfARealPageHasADistinctCanonicalUrl(JsonObject c) throws IOException {
    JsonObject sel = c.getJsonObject("selectors");
    String url = BASE + c.getString("file");
    Selectors selectors = new Selectors(sel.getString("item"), sel.getString("title"), null, null, null,
        sel.getString("link"), null);
    List<String> urls = ForumPageParser.parse(Files.readAllBytes(CORPUS.resolve(c.getString("file"))), null, url, selectors)
        .posts().stream().map(p -> CanonicalUrl.of(p.url())).toList();
    assertThat(urls).doesNotHaveDuplicates().isNotEmpty();
  }

  static String squeeze(String s) {
    return s == null ? null : s.replaceAll("\\s+", "");
  }

  static String resolve(String base, String link) {
    return URI.create(base).resolve(link).toString();
  }
}
