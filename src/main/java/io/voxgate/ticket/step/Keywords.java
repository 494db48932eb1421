package io.voxgate.ticket.step;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Case-insensitive substring matching of configured keywords (Chinese and English). */
final class Keywords {
  private Keywords() {
  }

  static String fold(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  /** The first keyword found in already folded text. */
  static Optional<String> firstIn(String folded, List<String> keywords) {
    for (String k : keywords) {
      if (!k.isEmpty() && folded.contains(fold(k))) return Optional.of(k);
    }
    return Optional.empty();
  }
}
