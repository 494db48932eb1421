package io.voxgate.channel.forum;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForumTimesTest {
  // 2026-11-20 14:00 in Shanghai
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T06:00:00Z"), ZoneOffset.UTC);
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2026-11-20 14:03                 | 2026-11-20T06:03:00Z",
      "2026/11/20 14:03:30              | 2026-11-20T06:03:30Z",
      "2022-3-3                         | 2022-03-02T16:00:00Z",
      "发表于：2022-2-14 19:29:35          | 2022-02-14T11:29:35Z",
      "时间： 2022-2-12 23:58:16           | 2022-02-12T15:58:16Z",
      "2026年11月19日 下午3:05             | 2026-11-19T07:05:00Z",
      "投稿日時: 2012 年 1 月 3 日(火) 6:30 | 2012-01-02T22:30:00Z",
      "par Auldeor » Mar 07 Juil 2015, 11:12 | 2015-07-07T03:12:00Z",
      "Jan 8, 2012 9:59 pm              | 2012-01-08T13:59:00Z",
      "2026-11-20T08:00:00+08:00        | 2026-11-20T00:00:00Z",
      "2013-02-04T15:26:25.977-05:00    | 2013-02-04T20:26:25.977Z",
      "2026-11-20T01:02:03Z             | 2026-11-20T01:02:03Z",
      "Sun, 08 Jan 2012 21:59:40 GMT    | 2012-01-08T21:59:40Z",
      "刚刚                              | 2026-11-20T06:00:00Z",
      "30 秒前                           | 2026-11-20T05:59:30Z",
      "5 分钟前                          | 2026-11-20T05:55:00Z",
      "3 小时前                          | 2026-11-20T03:00:00Z",
      "半小时前                          | 2026-11-20T05:30:00Z",
      "2 天前                            | 2026-11-18T06:00:00Z",
      "昨天 10:15                        | 2026-11-19T02:15:00Z",
      "前天 23:59                        | 2026-11-18T15:59:00Z",
      "今天 08:00                        | 2026-11-20T00:00:00Z",
      "5 minutes ago                    | 2026-11-20T05:55:00Z",
      "an hour ago                      | 2026-11-20T05:00:00Z",
      "2 days ago                       | 2026-11-18T06:00:00Z",
      "just now                         | 2026-11-20T06:00:00Z",
      "yesterday 21:30                  | 2026-11-19T13:30:00Z",
      "11-19 08:30                      | 2026-11-19T00:30:00Z",
  })
  void readsCommonForumTimes(String text, String expected) {
    assertThat(ForumTimes.parse(text, SHANGHAI, CLOCK)).contains(Instant.parse(expected));
  }

  @Test
  void monthDayWithoutYearLaterThanTodayIsLastYear() {
    assertThat(ForumTimes.parse("12-31 23:00", SHANGHAI, CLOCK)).contains(Instant.parse("2025-12-31T15:00:00Z"));
  }

  @Test
  void unrecognisedOrImpossibleTimesAreEmpty() {
    assertThat(ForumTimes.parse("置顶", SHANGHAI, CLOCK)).isEmpty();
    assertThat(ForumTimes.parse("", SHANGHAI, CLOCK)).isEmpty();
    assertThat(ForumTimes.parse(null, SHANGHAI, CLOCK)).isEmpty();
    assertThat(ForumTimes.parse("2026-13-45 10:00", SHANGHAI, CLOCK)).isEmpty();
  }

  @Test
  void localTimesUseTheGivenZone() {
    assertThat(ForumTimes.parse("2026-11-20 14:03", ZoneId.of("Europe/Paris"), CLOCK))
        .contains(Instant.parse("2026-11-20T13:03:00Z"));
  }
}
