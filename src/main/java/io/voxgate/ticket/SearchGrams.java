package io.voxgate.ticket;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Search keys for substring search that does not depend on the database's locale: every pair of
 * adjacent characters, plus each Han character alone (one-character Chinese queries). A query
 * term's grams must all be present, then the text itself is checked.
 */
public final class SearchGrams {
  /** Characters of a ticket's text that are indexed; later text is still found by the re-check only. */
  static final int INDEXED_CHARS = 100_000;

  private SearchGrams() {
  }

  public static String[] of(String text) {
    String t = text.length() > INDEXED_CHARS ? text.substring(0, INDEXED_CHARS) : text;
    Set<String> grams = new LinkedHashSet<>();
    collect(t.toLowerCase(Locale.ROOT), grams);
    return grams.toArray(String[]::new);
  }

  /** Grams that every ticket containing {@code term} has; empty when the term is too short to index. */
  public static String[] forTerm(String term) {
    Set<String> grams = new LinkedHashSet<>();
    String t = term.toLowerCase(Locale.ROOT);
    int[] cps = t.codePoints().toArray();
    if (cps.length == 1 && isHan(cps[0])) return new String[] {t};
    collect(t, grams);
    grams.removeIf(g -> g.codePointCount(0, g.length()) == 1);
    return grams.toArray(String[]::new);
  }

  /** Splits a query into terms on white space. */
  public static List<String> terms(String query) {
    List<String> out = new ArrayList<>();
    for (String s : query.trim().split("\\s+")) if (!s.isEmpty()) out.add(s);
    return out;
  }

  private static void collect(String t, Set<String> grams) {
    int prev = -1;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp)) {
        prev = -1;
        continue;
      }
      if (isHan(cp)) grams.add(new String(Character.toChars(cp)));
      if (prev >= 0) grams.add(new String(Character.toChars(prev)) + new String(Character.toChars(cp)));
      prev = cp;
    }
  }

  private static boolean isHan(int cp) {
    return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }
}
