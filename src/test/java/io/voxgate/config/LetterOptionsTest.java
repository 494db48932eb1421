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

/** The {@code letter:} section and letter source files: defaults, overrides, and errors naming file and key. */
class LetterOptionsTest {
  static final Path CONF = Path.of("conf");

  @TempDir
  Path tmp;

  @Test
  void projectDefaultsAndDemoSources() {
    GatewayConfig c = ConfigLoader.load(Map.of());
    assertThat(c.letter().maxPixels()).isEqualTo(60_000_000L);
    assertThat(c.letter().ocrTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.letter().languages()).isEqualTo("chi_sim+eng");
    LetterOptions mailroom = c.letterOptions(c.source("letter-mailroom").orElseThrow());
    assertThat(mailroom.auth()).isEqualTo("signature");
    LetterOptions inbox = c.letterOptions(c.source("letter-inbox").orElseThrow());
    assertThat(inbox.auth()).isEqualTo("token");
    assertThat(inbox.maxFiles()).isEqualTo(10);
    assertThat(inbox.maxPages()).isEqualTo(c.letter().maxPages());
  }

  @Test
  void aSourceOverridesTheTopLevelLimits() throws IOException {
    Path channels = channels("id: scans\nchannel: letter\nauth: token\nmax_pixels: 1000\nocr_timeout: PT2S\nmax_upload_bytes: 5MB\n");
    GatewayConfig c = ConfigLoader.load(CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString(), "VOXGATE_LETTER__MAX_PAGES", "7"));
    LetterOptions o = c.letterOptions(c.source("scans").orElseThrow());
    assertThat(o.maxPixels()).isEqualTo(1000);
    assertThat(o.ocrTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.maxPages()).isEqualTo(7);
    assertThat(o.maxBodyBytes()).isEqualTo(o.maxUploadBytes()).isEqualTo(5L << 20);
  }

  @Test
  void aLetterSourceNeedsASecretOrTokenAuth() throws IOException {
    Path channels = channels("id: scans\nchannel: letter\n");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scans.yaml").hasMessageContaining("secret");
  }

  @Test
  void refusesBadValuesAndUnknownKeysNamingThem() throws IOException {
    Path auth = channels("id: scans\nchannel: letter\nauth: password\n");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("VOXGATE_CHANNELS_DIR", auth.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth").hasMessageContaining("signature, token");
    Path timeout = channels("id: scans\nchannel: letter\nauth: token\nocr_timeout: 60s\n");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("VOXGATE_CHANNELS_DIR", timeout.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ocr_timeout");
    Path unknown = channels("id: scans\nchannel: letter\nauth: token\nworkers: 4\n");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("VOXGATE_CHANNELS_DIR", unknown.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("workers");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("VOXGATE_LETTER__MAX_PIXLES", "5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("max_pixles");
    assertThatThrownBy(() -> ConfigLoader.load(CONF, Map.of("VOXGATE_LETTER__MAX_PIXELS", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("max_pixels");
  }

  private Path channels(String source) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "channels");
    Files.writeString(dir.resolve("scans.yaml"), source, StandardCharsets.UTF_8);
    return dir;
  }
}
