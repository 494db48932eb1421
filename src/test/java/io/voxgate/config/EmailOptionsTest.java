package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An email source's keys: defaults, and errors that name the file and key. */
class EmailOptionsTest {
  static EmailOptions parse(Map<String, Object> imap, Map<String, String> env) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("id", "mbox");
    source.put("channel", "email");
    if (imap != null) source.put("imap", imap);
    return EmailOptions.from(new YamlTree("channels/mbox.yaml", "", source, env));
  }

  @Test
  void defaultsAreSafe() {
    EmailOptions o = parse(Map.of("url", "imap://127.0.0.1:3143", "user", "u", "password", "${PW}"), Map.of("PW", "s"));
    EmailOptions.Imap imap = o.imap().orElseThrow();
    assertThat(imap.password()).isEqualTo("s");
    assertThat(imap.folder()).isEqualTo("INBOX");
    assertThat(imap.after()).isEqualTo(EmailOptions.After.SEEN);
    assertThat(imap.poll()).isEqualTo(Duration.ofMinutes(1));
    assertThat(imap.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(imap.port()).isEqualTo(3143);
    assertThat(o.ownDomains()).isEqualTo(List.of("voxgate.local"));
    assertThat(o.loopHeader()).isEqualTo("X-Voxgate-Loop");
    assertThat(o.bounceSuppress()).isEqualTo(Duration.ofDays(7));
    assertThat(parse(null, Map.of()).imap()).isEmpty();
  }

  @Test
  void refusesAPasswordWrittenIntoTheFile() {
    assertThatThrownBy(() -> parse(Map.of("url", "imap://h:143", "user", "u", "password", "hunter2"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("channels/mbox.yaml").hasMessageContaining("imap.password");
  }

  @Test
  void refusesBadUrlUnknownKeysAndMoveWithoutTarget() {
    assertThatThrownBy(() -> parse(Map.of("url", "http://h", "user", "u"), Map.of())).hasMessageContaining("imap.url");
    assertThatThrownBy(() -> parse(Map.of("url", "imap://h", "user", "u", "pol", "PT1M"), Map.of()))
        .hasMessageContaining("imap.pol").hasMessageContaining("unknown key");
    assertThatThrownBy(() -> parse(Map.of("url", "imap://h", "user", "u", "after", "move"), Map.of()))
        .hasMessageContaining("imap.move_to");
    assertThatThrownBy(() -> parse(Map.of("url", "imap://h", "user", "u", "after", "delete"), Map.of()))
        .hasMessageContaining("keep, seen, move");
    assertThatThrownBy(() -> parse(Map.of("url", "imap://h", "user", "u", "batch", "0"), Map.of()))
        .hasMessageContaining("imap.batch");
  }
}
