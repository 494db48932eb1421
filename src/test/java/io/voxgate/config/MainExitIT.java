package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code io.voxgate.Main} in its own JVM, as an operator starts it, with a broken configuration. */
class MainExitIT {
  @TempDir
  Path tmp;

  record Exit(int code, String stdout, String stderr) {
  }

  @Test
  void badPortStopsTheStartWithNonZeroExitNamingFileAndKey() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Path file = Files.writeString(conf.resolve("voxgate.yaml"), "server: {port: nope}\n", StandardCharsets.UTF_8);

    Exit exit = runMain(Map.of("VOXGATE_CONF_DIR", conf.toString()));

    assertThat(exit.code()).as("exit code; stderr: %s", exit.stderr()).isNotZero();
    assertThat(exit.stderr()).contains(file.toString()).contains("server.port").contains("nope");
    assertThat(exit.stdout()).doesNotContain("listening on");
  }

  @Test
  void literalSecretInASourceFileStopsTheStartNamingFileAndKey() throws Exception {
    Path channels = Files.createDirectories(tmp.resolve("channels"));
    Path file = Files.writeString(channels.resolve("partner.yaml"), "id: partner\nchannel: webform\nsecret: plain-text\n");

    Exit exit = runMain(Map.of("VOXGATE_CONF_DIR", Path.of("conf").toAbsolutePath().toString(),
        "VOXGATE_CHANNELS_DIR", channels.toString(), "VOXGATE_DATA_DIR", tmp.resolve("data").toString()));

    assertThat(exit.code()).as("exit code; stderr: %s", exit.stderr()).isNotZero();
    assertThat(exit.stderr()).contains(file.toString()).contains("secret").doesNotContain("plain-text");
    assertThat(tmp.resolve("data")).as("nothing started, so no embedded database was created").doesNotExist();
  }

  @Test
  void unreachableDatabaseStopsTheStartWithNonZeroExit() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    Exit exit = runMain(Map.of("VOXGATE_CONF_DIR", Path.of("conf").toAbsolutePath().toString(),
        "VOXGATE_CHANNELS_DIR", Path.of("channels").toAbsolutePath().toString(),
        "VOXGATE_DATA_DIR", tmp.resolve("data").toString(), "VOXGATE_HTTP_PORT", "0",
        "VOXGATE_DB_URL", "postgresql://postgres:db-password-4e7a19@127.0.0.1:" + closedPort + "/voxgate"));

    assertThat(exit.code()).as("exit code; stderr: %s", exit.stderr()).isNotZero();
    assertThat(exit.stderr()).contains("could not start").contains("database 127.0.0.1:" + closedPort + "/voxgate");
    assertThat(exit.stderr() + exit.stdout()).as("the database password").doesNotContain("db-password-4e7a19");
    assertThat(exit.stdout()).doesNotContain("listening on");
  }

  private Exit runMain(Map<String, String> env) throws IOException, InterruptedException {
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "io.voxgate.Main"))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VOXGATE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      boolean ended = p.waitFor(45, TimeUnit.SECONDS);
      assertThat(ended).as("Main exits on a configuration error instead of running on").isTrue();
      return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }
}
