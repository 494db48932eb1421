package io.voxgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The whole gateway configuration, validated once at start. */
public record GatewayConfig(Path dataDir, Path channelsDir, Server server, Database database,
                            Optional<String> adminToken, Optional<String> smtpUrl, Intake intake,
                            Deadlines deadlines, Rules rules, List<SourceConfig> sources, LetterOptions letter) {

  /** @param instances HTTP verticle instances; 0 means one per core */
  public record Server(String host, int port, int instances, long bodyLimit, boolean trustForwardedFor) {
    public int effectiveInstances() {
      return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
  }

  /** @param url empty: the embedded PostgreSQL under the data dir */
  public record Database(Optional<String> url, int poolSize, int embeddedPort, Duration acquireTimeout) {
  }

  /** @param batchMax most intakes grouped into one commit */
  public record Intake(int batchMax) {
  }

  public record Deadlines(Duration ack) {
  }

  /** A letter source's options: its file over the top-level {@code letter:} section. */
  public LetterOptions letterOptions(SourceConfig source) {
    return LetterOptions.source(source.settings(), letter);
  }

  public Optional<SourceConfig> source(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public GatewayConfig withDatabaseUrl(String url) {
    return new GatewayConfig(dataDir, channelsDir, server,
        new Database(Optional.of(url), database.poolSize(), database.embeddedPort(), database.acquireTimeout()),
        adminToken, smtpUrl, intake, deadlines, rules, sources, letter);
  }

  public GatewayConfig withPort(int port) {
    return new GatewayConfig(dataDir, channelsDir,
        new Server(server.host(), port, server.instances(), server.bodyLimit(), server.trustForwardedFor()),
        database, adminToken, smtpUrl, intake, deadlines, rules, sources, letter);
  }
}
