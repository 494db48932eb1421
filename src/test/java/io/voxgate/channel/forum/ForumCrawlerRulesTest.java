package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.config.ForumOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The crawler's small decisions: reply deadline, schedule, author labels. */
class ForumCrawlerRulesTest {
  static ForumOptions options(ForumOptions.Schedule schedule) {
    return new ForumOptions(List.of("http://127.0.0.1/"), Optional.empty(),
        new ForumOptions.Selectors("li", null, null, null, null, "a", null), null, List.of("投诉"), List.of(), 10, 0,
        schedule, "VoxgateBot/1.0", Duration.ofSeconds(5), 1 << 20, true, ZoneId.of("Asia/Shanghai"), Set.of("127.0.0.1"));
  }

  @Test
  void replyIsDueAt18hTheSameDayOrTheNextWhenLessThanTwoHoursRemain() {
    ForumOptions o = options(new ForumOptions.Schedule(Duration.ofHours(6), null));
    // 09:00 Shanghai → 18:00 same day
    assertThat(ForumCrawler.replyDue(Instant.parse("2026-11-20T01:00:00Z"), o)).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    // 16:00 exactly → still today
    assertThat(ForumCrawler.replyDue(Instant.parse("2026-11-20T08:00:00Z"), o)).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    // 16:30 → tomorrow 18:00
    assertThat(ForumCrawler.replyDue(Instant.parse("2026-11-20T08:30:00Z"), o)).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
  }

  @Test
  void nextRunIsTheIntervalOrTheNextDailyTime() {
    Instant now = Instant.parse("2026-11-20T06:00:00Z"); // 14:00 Shanghai
    assertThat(ForumVerticle.nextDelay(options(new ForumOptions.Schedule(Duration.ofHours(6), null)), now))
        .isEqualTo(Duration.ofHours(6));
    assertThat(ForumVerticle.nextDelay(options(new ForumOptions.Schedule(null, LocalTime.of(15, 30))), now))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(ForumVerticle.nextDelay(options(new ForumOptions.Schedule(null, LocalTime.of(7, 30))), now))
        .isEqualTo(Duration.ofHours(17).plusMinutes(30));
  }

  @Test
  void authorLabelsAreRemoved() {
    assertThat(ForumCrawler.authorName("作者：admin")).isEqualTo("admin");
    assertThat(ForumCrawler.authorName("作者： admin")).isEqualTo("admin");
    assertThat(ForumCrawler.authorName("by jane")).isEqualTo("jane");
    assertThat(ForumCrawler.authorName("何一妹妹")).isEqualTo("何一妹妹");
    assertThat(ForumCrawler.authorName("  ")).isNull();
  }
}
