package io.voxgate.support;

import io.voxgate.channel.RawRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Parser fixtures stored as {@code NAME.http}: a {@code Content-Type: …} line, a blank line (CRLF CRLF),
 * then the exact request body; the expected result sits beside it as {@code NAME.expected.json}.
 */
public final class HttpFixtures {
  private HttpFixtures() {
  }

  /** The fixture names in {@code dir}, sorted. */
  public static Stream<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".http"))
          .map(n -> n.substring(0, n.length() - ".http".length())).sorted().toList().stream();
    }
  }

  /** The fixture as the request a route hands its parser, from 127.0.0.1, received at {@code at}. */
  public static RawRequest request(Path dir, String name, Instant at) throws IOException {
    byte[] all = Files.readAllBytes(dir.resolve(name + ".http"));
    int split = blankLine(all);
    String contentType = new String(all, 0, split, StandardCharsets.US_ASCII).substring("Content-Type: ".length());
    return new RawRequest(contentType, Map.of("content-type", contentType), Arrays.copyOfRange(all, split + 4, all.length),
        "127.0.0.1", at);
  }

  private static int blankLine(byte[] data) {
    for (int i = 0; i + 3 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') return i;
    }
    throw new IllegalArgumentException("no blank line in fixture");
  }
}
