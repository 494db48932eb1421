package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.ForumOptions.Selectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fixture under {@code fixtures/forum/} parsed and compared with the expected JSON beside it. */
class ForumFixturesTest {
  static final Path DIR = Path.of("src/test/resources/fixtures/forum");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T06:00:00Z"), ZoneOffset.UTC);
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  static Stream<Path> fixtures() throws IOException {
    try (Stream<Path> s = Files.walk(DIR)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".expected.json")).sorted().toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(5);
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parsesAsExpected(Path expectedFile) throws IOException {
    JsonObject c = new JsonObject(Files.readString(expectedFile));
    String name = expectedFile.getFileName().toString().replace(".expected.json", "");
    Path input = expectedFile.resolveSibling(name.contains(".") ? name : name + ".html");
    byte[] body = Files.readAllBytes(input);
    JsonObject exp = c.getJsonObject("expected");

    List<ForumPost> posts;
    if (c.getBoolean("feed", false)) {
      FeedParser.Feed feed = FeedParser.parse(body, c.getString("content_type"), c.getString("url"));
      assertThat(feed.format()).isEqualTo(exp.getString("format"));
      assertThat(feed.title()).isEqualTo(exp.getString("title"));
      posts = feed.posts();
    } else {
      JsonObject s = c.getJsonObject("selectors");
      ForumPageParser.Page page = ForumPageParser.parse(body, c.getString("content_type"), c.getString("url"),
          new Selectors(s.getString("item"), s.getString("title"), s.getString("body"), s.getString("author"),
              s.getString("time"), s.getString("link"), s.getString("next")));
      assertThat(page.error()).isNull();
      assertThat(page.charset()).isEqualTo(exp.getString("charset"));
      assertThat(page.next()).isEqualTo(exp.getString("next"));
      posts = page.posts();
    }
    JsonArray want = exp.getJsonArray("posts");
    assertThat(posts).hasSize(want.size());
    for (int i = 0; i < want.size(); i++) {
      JsonObject w = want.getJsonObject(i);
      ForumPost p = posts.get(i);
      assertThat(p.url()).as("url %d", i).isEqualTo(w.getString("url"));
      assertThat(CanonicalUrl.of(p.url())).as("canonical %d", i).isEqualTo(w.getString("canonical_url"));
      assertThat(p.title()).as("title %d", i).isEqualTo(w.getString("title"));
      assertThat(p.author()).as("author %d", i).isEqualTo(w.getString("author"));
      assertThat(p.timeText()).as("time %d", i).isEqualTo(w.getString("time"));
      assertThat(ForumTimes.parse(p.timeText(), ZONE, CLOCK)).as("instant %d", i).contains(Instant.parse(w.getString("instant")));
      assertThat(p.body()).as("body %d", i).isEqualTo(w.getString("body"));
    }
  }
}
