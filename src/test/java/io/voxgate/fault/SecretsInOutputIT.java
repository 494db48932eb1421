package io.voxgate.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.support.SecretScenario;
import io.voxgate.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything the gateway process prints (stdout and stderr) while its secrets are in use and failing. */
class SecretsInOutputIT {
  @TempDir
  Path tmp;

  @Test
  void noConfiguredSecretIsPrintedByTheGatewayProcess() throws Exception {
    String db = SecretScenario.withPassword(TestPostgres.newDatabase());
    int port = GatewayProcess.freePort();
    Path output = tmp.resolve("gateway.out");
    try (SecretScenario scenario = SecretScenario.start()) {
      Map<String, String> env = new HashMap<>(scenario.env());
      env.put("VOXGATE_DB_URL", db);
      env.put("VOXGATE_HTTP_PORT", String.valueOf(port));
      env.put("VOXGATE_DATA_DIR", Files.createDirectories(tmp.resolve("data")).toString());
      env.put("VOXGATE_CONF_DIR", Path.of("conf").toAbsolutePath().toString());
      env.put("VOXGATE_CHANNELS_DIR", Path.of(env.get("VOXGATE_CHANNELS_DIR")).toAbsolutePath().toString());
      env.put("VOXGATE_SERVER__HOST", "127.0.0.1");
      try (GatewayProcess gateway = new GatewayProcess(env, output)) {
        gateway.start();
        scenario.provoke("http://127.0.0.1:" + port, db);
      } // stopped: its shutdown lines are in the output too
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(printed).as("the failures were printed").contains("mailbox poll failed").contains("dead after").contains("535");
      assertThat(printed).doesNotContain(scenario.secrets().toArray(String[]::new));
    }
  }
}
