package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Robots rules, canonical post URLs and keyword matching. */
class ForumRulesTest {
  static final String ROBOTS = """
      # comments are ignored
      User-agent: *
      Disallow: /admin
      Disallow: /*?mod=space
      Allow: /admin/public
      Disallow: /*.php$

      User-agent: VoxgateBot
      User-agent: OtherBot
      Disallow: /private/
      Allow: /private/ok.html

      User-agent: BadBot
      Disallow: /
      """;

  @Test
  void robotsUsesTheGroupNamingOurProductTokenElseStar() {
    Robots ours = Robots.parse(ROBOTS, "VoxgateBot/1.0 (+complaints monitoring)");
    assertThat(ours.allows("/private/x.html")).isFalse();
    assertThat(ours.allows("/private/ok.html")).isTrue();
    assertThat(ours.allows("/admin")).isTrue(); // the * group does not apply to a named agent

    Robots other = Robots.parse(ROBOTS, "SomeCrawler/2");
    assertThat(other.allows("/admin/settings")).isFalse();
    assertThat(other.allows("/admin/public/page")).isTrue();
    assertThat(other.allows("/home.php?mod=space&uid=1")).isFalse();
    assertThat(other.allows("/index.php")).isFalse();
    assertThat(other.allows("/index.php?x=1")).isTrue();
    assertThat(other.allows("/forum-2-1.html")).isTrue();

    assertThat(Robots.parse(ROBOTS, "BadBot").allows("/anything")).isFalse();
    assertThat(Robots.parse("", "VoxgateBot").allows("/x")).isTrue();
    assertThat(Robots.parse("User-agent: *\nDisallow:\n", "VoxgateBot").allows("/x")).isTrue();
  }

  @Test
  void canonicalUrlDropsTrackingFragmentsAndSortsTheQuery() {
    assertThat(CanonicalUrl.of("HTTP://BBS.Example.com:80/forum.php?tid=5&mod=viewthread&utm_source=x&fbclid=y#lastpost"))
        .isEqualTo("http://bbs.example.com/forum.php?mod=viewthread&tid=5");
    assertThat(CanonicalUrl.of("https://bbs.example.com:443/viewtopic.php?t=215&sid=0123abcd&f=2"))
        .isEqualTo("https://bbs.example.com/viewtopic.php?f=2&t=215");
    assertThat(CanonicalUrl.of("https://bbs.example.com:8443"))
        .isEqualTo("https://bbs.example.com:8443/");
    // an anchor naming one post of a thread page is part of its identity
    assertThat(CanonicalUrl.of("http://bbs.example.com/viewtopic.php?t=1#p485"))
        .isEqualTo("http://bbs.example.com/viewtopic.php?t=1#p485");
    assertThat(CanonicalUrl.of("http://bbs.example.com/thread-3-1-1.html#post_12"))
        .isEqualTo("http://bbs.example.com/thread-3-1-1.html#post_12");
  }

  @Test
  void matcherFindsKeywordsCaseAndWidthInsensitiveAndHonoursExclude() {
    PostMatcher m = new PostMatcher(List.of("退款", "12315", "Refund", "scam"), List.of("广告"));
    assertThat(m.match(new ForumPost("u", "要求退款", "打１２３１５", null, null))).containsExactly("退款", "12315");
    assertThat(m.match(new ForumPost("u", "REFUND please", "", null, null))).containsExactly("refund");
    assertThat(m.match(new ForumPost("u", "代办退款", "广告 加微信", null, null))).isEmpty();
    assertThat(m.match(new ForumPost("u", "新品推荐", "很好用", null, null))).isEmpty();
  }
}
