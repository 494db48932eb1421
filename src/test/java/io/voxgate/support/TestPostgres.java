package io.voxgate.support;

import io.voxgate.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test run (the same embedded server the gateway uses by
 * default); each test class gets its own fresh database.
 */
public final class TestPostgres {
  private static EmbeddedDatabase server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestPostgres() {
  }

  public static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("voxgate-test-pg");
        server = EmbeddedDatabase.start(dir, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new empty database; returns its URL. */
  public static String newDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    Psql.exec(server().url(), "CREATE DATABASE " + name);
    return "postgresql://postgres@127.0.0.1:" + server().port() + "/" + name;
  }
}
