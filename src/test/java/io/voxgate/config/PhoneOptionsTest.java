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
    return ConfigLoader.load(Path.of("conf"), Map.of("VOXGATE_CHANNELS_DIR", channels.toString(), "TWILIO_TOKEN", "t0k",
        "REC_USER", "recorder", "REC_PASSWORD", "rec-pw-4f1c", "REC_BEARER", "bearer-9d2e", "BAD_BEARER", "two words"));
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

  @Test
  void twilioFetchesFromTwilioHostsWithTheAccountFromTheUrlAndTheAuthTokenByDefault() throws IOException {
    PhoneOptions o = PhoneOptions.of(load("""
        id: cc
        channel: phone
        format: twilio
        secret: ${TWILIO_TOKEN}
        public_url: https://voxgate.example.com/intake/phone/cc
        """).source("cc").orElseThrow());
    PhoneOptions.Recordings r = o.recordings();
    assertThat(r.allowedHosts()).containsExactlyInAnyOrder("api.twilio.com", "*.twilio.com", "*.twiliocdn.com");
    assertThat(r.allows("api.twilio.com")).isTrue();
    assertThat(r.allows("media.twiliocdn.com")).isTrue();
    assertThat(r.allows("twilio.com.evil.example")).isFalse();
    assertThat(r.allows("eviltwiliocdn.com")).isFalse();
    assertThat(r.auth()).isEqualTo(new PhoneOptions.Auth.TwilioAccount("t0k"));
    assertThat(r.toString()).doesNotContain("t0k");
  }

  @Test
  void wildcardHostAllowsEverySubdomainButNotTheDomainItself() throws IOException {
    PhoneOptions o = PhoneOptions.of(load("""
        id: cc
        channel: phone
        recordings:
          allowed_hosts: ['*.Example.com', pbx.internal]
        """).source("cc").orElseThrow());
    PhoneOptions.Recordings r = o.recordings();
    assertThat(r.allows("media.example.com")).isTrue();
    assertThat(r.allows("a.b.EXAMPLE.com")).isTrue();
    assertThat(r.allows("media.example.com.")).isTrue();
    assertThat(r.allows("example.com")).isFalse();
    assertThat(r.allows("badexample.com")).isFalse();
    assertThat(r.allows("example.com.evil.net")).isFalse();
    assertThat(r.allows("pbx.internal")).isTrue();
    assertThat(r.allows("x.pbx.internal")).isFalse();
    assertThat(r.allows(null)).isFalse();
    assertThat(r.auth()).isEqualTo(new PhoneOptions.Auth.None());
  }

  @Test
  void readsBasicAndBearerRecordingAuthFromTheEnvironmentAndNeverPrintsThem() throws IOException {
    GatewayConfig basic = load("""
        id: cc
        channel: phone
        recordings:
          allowed_hosts: [pbx.example.com]
          auth:
            user: ${REC_USER}
            password: ${REC_PASSWORD}
        """);
    PhoneOptions.Recordings r = PhoneOptions.of(basic.source("cc").orElseThrow()).recordings();
    assertThat(r.auth()).isEqualTo(new PhoneOptions.Auth.Basic("recorder", "rec-pw-4f1c"));
    assertThat(r.toString()).doesNotContain("rec-pw-4f1c");

    GatewayConfig bearer = load("""
        id: cc
        channel: phone
        recordings:
          auth: {bearer: '${REC_BEARER}'}
        """);
    PhoneOptions.Recordings b = PhoneOptions.of(bearer.source("cc").orElseThrow()).recordings();
    assertThat(b.auth()).isEqualTo(new PhoneOptions.Auth.Bearer("bearer-9d2e"));
    assertThat(b.toString()).doesNotContain("bearer-9d2e");
  }

  @Test
  void twilioWithAnApiKeyUsesItInsteadOfTheAuthToken() throws IOException {
    GatewayConfig c = load("""
        id: cc
        channel: phone
        format: twilio
        secret: ${TWILIO_TOKEN}
        public_url: https://voxgate.example.com/intake/phone/cc
        recordings:
          auth:
            user: SK0123456789abcdef0123456789abcdef
            password: ${REC_PASSWORD}
        """);
    assertThat(PhoneOptions.of(c.source("cc").orElseThrow()).recordings().auth())
        .isEqualTo(new PhoneOptions.Auth.Basic("SK0123456789abcdef0123456789abcdef", "rec-pw-4f1c"));
  }

  @Test
  void aLiteralPasswordIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> load("""
        id: cc
        channel: phone
        recordings:
          auth:
            user: u
            password: hunter2-literal
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("recordings.auth.password")
        .hasMessageContaining("environment reference").hasMessageNotContaining("hunter2-literal");
    assertThatThrownBy(() -> load("""
        id: cc
        channel: phone
        recordings:
          auth: {bearer: '${BAD_BEARER}'}
        """)).isInstanceOf(ConfigException.class).hasMessageNotContaining("two words");
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
      "recordings:\\n  allowed_hosts: [https://pbx.example.com/rec]|recordings.allowed_hosts[0]",
      "recordings:\\n  allowed_hosts: [ok.example.com, 'pbx.example.com:8443']|recordings.allowed_hosts[1]",
      "recordings:\\n  allowed_hosts: ['*']|recordings.allowed_hosts[0]",
      "recordings:\\n  allowed_hosts: ['media.*.example.com']|recordings.allowed_hosts[0]",
      "recordings:\\n  auth: basic|recordings.auth",
      "recordings:\\n  auth:\\n    user: u\\n    password: literal-password|recordings.auth.password",
      "recordings:\\n  auth:\\n    bearer: literal-token|recordings.auth.bearer",
      "recordings:\\n  auth:\\n    bearer: ${BAD_BEARER}|recordings.auth.bearer",
      "recordings:\\n  auth:\\n    user: u|recordings.auth.password",
      "recordings:\\n  auth:\\n    password: ${REC_PASSWORD}|recordings.auth.user",
      "recordings:\\n  auth:\\n    user: 'a:b'\\n    password: ${REC_PASSWORD}|recordings.auth.user",
      "recordings:\\n  auth:\\n    user: u\\n    password: ${REC_PASSWORD}\\n    bearer: ${REC_BEARER}|recordings.auth.bearer",
      "recordings:\\n  auth:\\n    token: ${REC_BEARER}|recordings.auth.token",
      "recordings:\\n  auth:\\n    bearer: ${UNSET_BEARER}|recordings.auth.bearer",
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
