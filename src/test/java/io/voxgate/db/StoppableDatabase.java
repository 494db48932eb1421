package io.voxgate.db;

import io.voxgate.support.Psql;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL of a test's own, on a fixed port and data directory, so that the test
 * can stop it under a running gateway and start it again where the gateway expects it.
 */
final class StoppableDatabase implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final String url;
  private EmbeddedDatabase running;

  private StoppableDatabase(Path dataDir, int port, String database) {
    this.dataDir = dataDir;
    this.port = port;
    this.running = EmbeddedDatabase.start(dataDir, port);
    Psql.exec(running.url(), "CREATE DATABASE " + database);
    this.url = "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  /** Starts a server with one empty database {@code database}. */
  static StoppableDatabase start(String database) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new StoppableDatabase(Files.createTempDirectory("voxgate-outage-pg"), port, database);
  }

  String url() {
    return url;
  }

  void stop() {
    running.close();
    running = null;
  }

  /** Blocks until the server accepts connections again, same port, same data. */
  void restart() {
    running = EmbeddedDatabase.start(dataDir, port);
  }

  @Override
  public void close() throws IOException {
    if (running != null) stop();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
