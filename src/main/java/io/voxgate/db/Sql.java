package io.voxgate.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/** SQL statements kept in {@code src/main/resources/sql/<area>/<verb>_<noun>.sql}, loaded once. */
public final class Sql {
  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private Sql() {
  }

  /** @param name e.g. {@code ticket/accept_ticket} */
  public static String get(String name) {
    return CACHE.computeIfAbsent(name, n -> resource("sql/" + n + ".sql"));
  }

  static String resource(String path) {
    try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
