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
    return parse(imap, env, null);
  }

  static EmailOptions parse(Map<String, Object> imap, Map<String, String> env, List<String> ownDomains) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("id", "mbox");
    source.put("channel", "email");
    if (imap != null) source.put("imap", imap);
    if (ownDomains != null) source.put("own_domains", ownDomains);
    return EmailOptions.from(new YamlTree("channels/mbox.yaml", "", source, env), "mail.shop.example");
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
    assertThat(imap.maxSize()).isEqualTo(25L << 20);
    assertThat(imap.port()).isEqualTo(3143);
    assertThat(o.ownDomains()).isEqualTo(List.of("mail.shop.example"));
    assertThat(o.loopHeader()).isEqualTo("X-Voxgate-Loop");
    assertThat(o.bounceSuppress()).isEqualTo(Duration.ofDays(7));
    assertThat(parse(null, Map.of()).imap()).isEmpty();
  }

  @Test
  void ownDomainsAreTheMessageIdDomainPlusTheConfiguredOnes() {
    assertThat(parse(null, Map.of(), List.of("Old-Helpdesk.example", "mail.shop.example")).ownDomains())
        .containsExactly("mail.shop.example", "old-helpdesk.example");
    assertThatThrownBy(() -> parse(null, Map.of(), List.of("not a domain")))
        .hasMessageContaining("channels/mbox.yaml").hasMessageContaining("own_domains[0]");
    Map<String, Object> source = Map.of("id", "mbox", "channel", "email");
    assertThat(EmailOptions.from(new YamlTree("channels/mbox.yaml", "", source, Map.of()), null).ownDomains()).isEmpty();
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
    assertThatThrownBy(() -> parse(Map.of("url", "imap://h", "user", "u", "max_size", "10"), Map.of()))
        .hasMessageContaining("imap.max_size");
    assertThat(parse(Map.of("url", "imap://h", "user", "u", "max_size", "10MB"), Map.of()).imap().orElseThrow().maxSize())
        .isEqualTo(10L << 20);
  }
}
