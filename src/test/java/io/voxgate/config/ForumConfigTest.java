package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forum source files through the real loader with the project's conf/. */
class ForumConfigTest {
  @TempDir
  Path channels;

  GatewayConfig load(String yaml) throws IOException {
    Files.writeString(channels.resolve("shop-forum.yaml"), yaml);
    return ConfigLoader.load(Path.of("conf"), Map.of("VOXGATE_CHANNELS_DIR", channels.toString()));
  }

  @Test
  void readsAForumSourceWithDefaultsFromVoxgateYaml() throws IOException {
    ForumOptions o = load("""
        id: shop-forum
        channel: forum
        start_urls: [http://127.0.0.1:9/board/page-1.html]
        feed: http://feeds.example.com/forum.rss
        selectors: {item: li.thread, title: a.title, link: a.title@href, next: a.nxt@href}
        post_page: {body: td.t_f}
        keywords: [漏电]
        exclude: [广告]
        schedule: "07:30"
        rate_per_second: 0.5
        allowed_hosts: [mirror.example.com]
        """).source("shop-forum").orElseThrow().forum();
    assertThat(o.keywords()).contains("漏电", "投诉", "12315", "refund");
    assertThat(o.exclude()).containsExactly("广告");
    assertThat(o.schedule().daily()).isEqualTo(LocalTime.of(7, 30));
    assertThat(o.ratePerSecond()).isEqualTo(0.5);
    assertThat(o.postBody()).isEqualTo("td.t_f");
    assertThat(o.maxPages()).isEqualTo(10);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(o.maxResponseSize()).isEqualTo(5L << 20);
    assertThat(o.allowedHosts()).containsExactlyInAnyOrder("127.0.0.1", "feeds.example.com", "mirror.example.com");
    assertThat(o.enabled()).isTrue();
  }

  @Test
  void theDemoSourceInChannelsIsOffUnlessAskedFor() {
    GatewayConfig plain = ConfigLoader.load(Path.of("conf"), Map.of());
    ForumOptions demo = plain.source("forum-demo").orElseThrow().forum();
    assertThat(demo.enabled()).isFalse();
    assertThat(demo.allowedHosts()).containsExactly("127.0.0.1");
    GatewayConfig on = ConfigLoader.load(Path.of("conf"), Map.of("VOXGATE_FORUM_DEMO", "true"));
    assertThat(on.source("forum-demo").orElseThrow().forum().enabled()).isTrue();
  }

  @Test
  void refusesAScheduleLongerThan24HoursNamingFileAndKey() {
    assertThatThrownBy(() -> load("""
        id: shop-forum
        channel: forum
        start_urls: [http://127.0.0.1:9/]
        selectors: {item: li, link: a@href}
        schedule: PT25H
        """)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("shop-forum.yaml").hasMessageContaining("schedule").hasMessageContaining("24 hours");
  }

  @Test
  void refusesBadKeysAndValuesNamingTheKey() {
    assertThatThrownBy(() -> load("""
        id: shop-forum
        channel: forum
        start_urls: [http://127.0.0.1:9/]
        selectors: {item: li, link: a@href}
        schedul: PT6H
        """)).hasMessageContaining("schedul").hasMessageContaining("unknown key");
    assertThatThrownBy(() -> load("""
        id: shop-forum
        channel: forum
        start_urls: [ftp://127.0.0.1/]
        selectors: {item: li}
        """)).hasMessageContaining("start_urls[0]");
    assertThatThrownBy(() -> load("""
        id: shop-forum
        channel: forum
        start_urls: [http://127.0.0.1/]
        selectors: {link: a}
        """)).hasMessageContaining("item");
    assertThatThrownBy(() -> load("""
        id: shop-forum
        channel: forum
        feed: http://127.0.0.1/rss
        rate_per_second: fast
        """)).hasMessageContaining("rate_per_second");
    assertThatThrownBy(() -> load("""
        id: shop-forum
        channel: forum
        feed: http://127.0.0.1/rss
        schedule: "25:00"
        """)).hasMessageContaining("schedule");
  }
}
