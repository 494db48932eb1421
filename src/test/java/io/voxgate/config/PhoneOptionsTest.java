package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneOptionsTest {
  @TempDir
  Path tmp;

  private GatewayConfig load(String yaml) throws IOException {
    Path channels = Files.createDirectories(tmp.resolve("channels"));
    Files.writeString(channels.resolve("phone.yaml"), yaml, StandardCharsets.UTF_8);
    return ConfigLoader.load(Path.of("conf"), Map.of("VOXGATE_CHANNELS_DIR", channels.toString(), "TWILIO_TOKEN", "t0k"));
  }

  @Test
  void readsEveryPhoneKeyWithDefaults() throws IOException {
    GatewayConfig c = load("""
        id: cc
        channel: phone
        format: twilio
        secret: ${TWILIO_TOKEN}
        public_url: https://voxgate.example.com/intake/phone/cc
        ring_timeout: PT45S
        recordings:
          allowed_hosts: [API.twilio.com, media.example.com]
          max_size: 2MB
          retries: 2
        """);
    PhoneOptions o = PhoneOptions.of(c.source("cc").orElseThrow());
    assertThat(o.format()).isEqualTo(PhoneOptions.Format.TWILIO);
    assertThat(o.ringTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(o.callbackWithin()).isEqualTo(Duration.ofHours(1));
    assertThat(o.recordings().allows("api.twilio.com")).isTrue();
    assertThat(o.recordings().allows("evil.example.com")).isFalse();
    assertThat(o.recordings().maxSize()).isEqualTo(2L << 20);
    assertThat(o.recordings().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.twiml()).endsWith("<Response/>");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "format: fax|format",
      "format: twilio|public_url",
      "format: twilio\\npublic_url: https://x.example.com/p|secret",
      "format: twilio\\nsecret: ${TWILIO_TOKEN}\\npublic_url: not a url|public_url",
      "format: mapped\\nmapping:\\n  caller: a.b|mapping.call_id",
      "format: mapped\\nmapping:\\n  call_id: id\\n  colour: x|mapping.colour",
      "mapping:\\n  call_id: id|mapping",
      "token: literal-token|token",
      "ring_timeout: soon|ring_timeout",
      "callback_within: PT0S|callback_within",
      "recordings:\\n  max_size: huge|recordings.max_size",
      "recordings:\\n  retries: -1|recordings.retries",
      "recordings:\\n  hosts: [a]|recordings.hosts",
      "twiml: <Say/>|twiml",
      "mappings: {}|mappings"})
  void refusesABadPhoneKeyNamingFileAndKey(String extra, String key) {
    String yaml = "id: cc\nchannel: phone\n" + extra.replace("\\n", "\n") + "\n";
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("phone.yaml")
        .hasMessageContaining(key);
  }
}
