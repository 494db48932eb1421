package io.voxgate.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The zero-setup PostgreSQL: data kept under {@code <data dir>/pg}, started and stopped with the
 * gateway. Works as root too: the library then runs PostgreSQL in a user namespace.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Blocks while PostgreSQL starts (seconds); call before the event loops run. */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      Path pgDir = dataDir.resolve("pg");
      Files.createDirectories(pgDir);
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setDataDirectory(pgDir)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(true)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("max_connections", "200")
          .setServerConfig("listen_addresses", "127.0.0.1");
      if (port > 0) b.setPort(port);
      return new EmbeddedDatabase(b.start());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String url() {
    return "postgresql://postgres@127.0.0.1:" + port() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
