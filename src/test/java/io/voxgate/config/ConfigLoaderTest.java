package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voxgate.ticket.Channel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on the project's own files and on small broken ones written here; no network. */
class ConfigLoaderTest {
  private static final Path PROJECT_CONF = Path.of("conf");

  @TempDir
  Path tmp;

  @Test
  void loadsTheProjectsOwnConfAndChannels() {
    GatewayConfig c = ConfigLoader.load(Map.of());

    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().bodyLimit()).isEqualTo(25L << 20);
    assertThat(c.database().url()).isEmpty();
    assertThat(c.database().acquireTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.channelsDir()).isEqualTo(Path.of("channels"));
    assertThat(c.adminToken()).isEmpty();
    assertThat(c.sources()).extracting(SourceConfig::id).contains("webform", "partner-form"); // and each channel's demo
    assertThat(c.source("webform").orElseThrow().channel()).isEqualTo(Channel.WEBFORM);
    assertThat(c.source("webform").orElseThrow().signed()).isFalse();
    assertThat(c.source("partner-form").orElseThrow().secret()).hasValue("demo-partner-secret");
    assertThat(c.source("webform").orElseThrow().webform().ratePerWindow()).isEqualTo(20);
    assertThat(c.rules().kindKeywords()).containsKeys("report", "complaint", "enquiry");
    assertThat(c.rules().routes()).isNotEmpty();
  }

  @Test
  void fixedEnvironmentVariablesOverrideTheFile() throws IOException {
    Path channels = dir("only-channels");
    write(channels.resolve("hotline-form.yaml"), "id: hotline-form\nchannel: webform\n");
    Map<String, String> env = Map.of(
        "VOXGATE_HTTP_PORT", "9091",
        "VOXGATE_DB_URL", "postgresql://vox:pw@db.internal:5433/voxgate",
        "VOXGATE_DATA_DIR", tmp.resolve("var-data").toString(),
        "VOXGATE_CHANNELS_DIR", channels.toString(),
        "VOXGATE_ADMIN_TOKEN", "bootstrap-token-123",
        "VOXGATE_SMTP_URL", "smtp://mail.internal:2525");

    GatewayConfig c = ConfigLoader.load(PROJECT_CONF, env);

    assertThat(c.server().port()).isEqualTo(9091);
    assertThat(c.database().url()).hasValue("postgresql://vox:pw@db.internal:5433/voxgate");
    assertThat(c.dataDir()).isEqualTo(tmp.resolve("var-data"));
    assertThat(c.channelsDir()).isEqualTo(channels);
    assertThat(c.sources()).extracting(SourceConfig::id).containsExactly("hotline-form");
    assertThat(c.adminToken()).hasValue("bootstrap-token-123");
    assertThat(c.smtpUrl()).hasValue("smtp://mail.internal:2525");
  }

  @Test
  void confDirComesFromVoxgateConfDir() throws IOException {
    Path conf = dir("conf-elsewhere");
    write(conf.resolve("voxgate.yaml"), "server:\n  port: 7001\nchannels_dir: " + Path.of("channels").toAbsolutePath() + "\n");

    GatewayConfig c = ConfigLoader.load(Map.of("VOXGATE_CONF_DIR", conf.toString()));

    assertThat(c.server().port()).isEqualTo(7001);
    assertThat(c.sources()).hasSize(ConfigLoader.load(Map.of()).sources().size()); // the project's channels folder
  }

  @Test
  void anyKeyCanBeOverriddenWithDoubleUnderscoreVariables() {
    GatewayConfig c = ConfigLoader.load(PROJECT_CONF, Map.of(
        "VOXGATE_SERVER__BODY_LIMIT", "1MB",
        "VOXGATE_DATABASE__ACQUIRE_TIMEOUT", "PT2S",
        "VOXGATE_DATABASE__POOL_SIZE", "4",
        "VOXGATE_SERVER__HOST", "127.0.0.1"));

    assertThat(c.server().bodyLimit()).isEqualTo(1024 * 1024);
    assertThat(c.database().acquireTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.database().poolSize()).isEqualTo(4);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).as("untouched keys keep the file's value").isEqualTo(8080);
  }

  @Test
  void secretReferencesAreExpandedFromTheEnvironment() throws IOException {
    Path channels = dir("channels-ref");
    write(channels.resolve("partner.yaml"), "id: partner\nchannel: webform\nsecret: ${PARTNER_SECRET}\n");

    GatewayConfig c = ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString(),
        "PARTNER_SECRET", "s3cr3t-from-env"));

    assertThat(c.source("partner").orElseThrow().secret()).hasValue("s3cr3t-from-env");
  }

  @Test
  void refusesALiteralSecretNamingTheFileAndKeyWithoutEchoingIt() throws IOException {
    Path channels = dir("channels-literal");
    Path file = write(channels.resolve("partner.yaml"), "id: partner\nchannel: webform\nsecret: hunter2-literal\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("secret")
        .hasMessageNotContaining("hunter2-literal");
  }

  @Test
  void refusesACallbackUrlThatIsNotHttpNamingTheFileAndKey() throws IOException {
    Path channels = dir("channels-callback");
    Path file = write(channels.resolve("partner.yaml"), "id: partner\nchannel: webform\ncallback_url: ftp://crm.example/in\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("callback_url")
        .hasMessageContaining("ftp://crm.example/in");
  }

  @Test
  void refusesAReferenceToAMissingVariableNamingIt() throws IOException {
    Path channels = dir("channels-missing");
    Path file = write(channels.resolve("partner.yaml"), "id: partner\nchannel: webform\nsecret: ${MISSING_PARTNER_SECRET}\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("secret")
        .hasMessageContaining("MISSING_PARTNER_SECRET");
  }

  @Test
  void refusesAnUnknownChannelNamingTheFileAndKey() throws IOException {
    Path channels = dir("channels-fax");
    Path file = write(channels.resolve("fax.yaml"), "id: fax-line\nchannel: fax\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("channel")
        .hasMessageContaining("fax");
  }

  @Test
  void refusesADuplicateSourceIdNamingBothFiles() throws IOException {
    Path channels = dir("channels-dup");
    Path first = write(channels.resolve("a-form.yaml"), "id: site-form\nchannel: webform\n");
    Path second = write(channels.resolve("b-form.yaml"), "id: site-form\nchannel: webform\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(second.toString() + ": id")
        .hasMessageContaining(first.toString())
        .hasMessageContaining("site-form");
  }

  @Test
  void refusesAnUnknownKeyInASourceFile() throws IOException {
    Path channels = dir("channels-unknown-key");
    Path file = write(channels.resolve("form.yaml"), "id: form\nchannel: webform\nrate_limt:\n  requests: 5\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("rate_limt");
  }

  @Test
  void refusesAMissingChannelsFolder() {
    Path missing = tmp.resolve("no-such-folder");
    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", missing.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("channels_dir");
  }

  @Test
  void refusesABadPortNumberNamingFileAndKey() throws IOException {
    Path conf = conf("server:\n  port: 70000\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString())
        .hasMessageContaining("server.port")
        .hasMessageContaining("70000");

    Path words = conf("server:\n  port: nope\n");
    assertThatThrownBy(() -> ConfigLoader.load(words, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(words.resolve("voxgate.yaml").toString())
        .hasMessageContaining("server.port")
        .hasMessageContaining("nope");
  }

  @Test
  void refusesABadPortFromTheEnvironment() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.port")
        .hasMessageContaining("eighty");
  }

  @Test
  void refusesADatabaseUrlThatIsNotPostgres() {
    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_DB_URL", "mysql://root@localhost/db")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.url");
  }

  @Test
  void refusesInvalidYamlNamingTheFileAndLine() throws IOException {
    Path conf = conf("server:\n  port: 8080\n  host: a: b\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString())
        .hasMessageContaining("line 3");
  }

  @Test
  void refusesInvalidYamlInASourceFileNamingTheFileAndLine() throws IOException {
    Path channels = dir("channels-broken");
    Path file = write(channels.resolve("form.yaml"), "id: form\nchannel: webform\nrate_limit: [unclosed\n\n");

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageMatching("(?s).*line \\d+.*");
  }

  @Test
  void refusesDuplicateKeysInYaml() throws IOException {
    Path conf = conf("server:\n  port: 8080\n  port: 8081\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString())
        .hasMessageContaining("port");
  }

  @Test
  void refusesAnUnknownTopLevelKeyNamingFileAndKey() throws IOException {
    Path conf = conf("servr:\n  port: 8080\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString())
        .hasMessageContaining("servr");
  }

  @Test
  void refusesAMissingMainFileNamingIt() {
    Path conf = tmp.resolve("empty-conf");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString());
  }

  @Test
  void refusesASourceFileNotSavedAsUtf8NamingTheFile() throws IOException {
    Path channels = dir("channels-gbk");
    Path file = channels.resolve("form.yaml");
    Files.write(file, "id: form\nchannel: webform\nname: 官网投诉表单\n".getBytes(java.nio.charset.Charset.forName("GBK")));

    assertThatThrownBy(() -> ConfigLoader.load(PROJECT_CONF, Map.of("VOXGATE_CHANNELS_DIR", channels.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("UTF-8");
  }

  @Test
  void refusesControlCharactersInYamlNamingTheFileAndLine() throws IOException {
    Path conf = conf("server:\n  host: \u0001bad\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString())
        .hasMessageContaining("line 2")
        .hasMessageContaining("U+0001");
  }

  @Test
  void refusesANonTextKeyAsUnknownNamingFileAndKey() throws IOException {
    Path conf = conf("8080:\n  host: x\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(conf.resolve("voxgate.yaml").toString())
        .hasMessageContaining("8080");
  }

  /** A conf folder with the given voxgate.yaml, the project's rules and a valid channels folder. */
  private Path conf(String voxgateYaml) throws IOException {
    Path conf = Files.createTempDirectory(tmp, "conf");
    write(conf.resolve("voxgate.yaml"), voxgateYaml + "channels_dir: " + Path.of("channels").toAbsolutePath() + "\n");
    Files.copy(PROJECT_CONF.resolve("rules.yaml"), conf.resolve("rules.yaml"));
    return conf;
  }

  private Path dir(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name));
  }

  private static Path write(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
