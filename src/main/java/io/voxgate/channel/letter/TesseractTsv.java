package io.voxgate.channel.letter;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Tesseract's {@code tsv} output into text and a confidence. Words of one line are joined with
 * a space, except between two CJK characters (Chinese has no spaces); blocks are separated by a
 * blank line. The confidence is the mean word confidence (0–100) weighted by word length; null when
 * the page has no words. Pure.
 */
public final class TesseractTsv {
  private TesseractTsv() {
  }

  public record Reading(String text, Double confidence, int words) {
  }

  public static Reading parse(String tsv) {
    StringBuilder text = new StringBuilder();
    String lastLine = null;
    String lastBlock = null;
    double weighted = 0;
    long chars = 0;
    int words = 0;
    for (String row : tsv.split("\r?\n")) {
      String[] c = row.split("\t", -1);
      if (c.length < 12 || !c[0].equals("5")) continue; // level 5 = word; the header and layout rows are skipped
      String word = c[11].strip();
      double conf;
      try {
        conf = Double.parseDouble(c[10]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (word.isEmpty() || conf < 0) continue;
      String block = c[1] + "/" + c[2];
      String line = block + "/" + c[3] + "/" + c[4];
      if (lastLine == null) {
        // first word
      } else if (!block.equals(lastBlock)) {
        text.append("\n\n");
      } else if (!line.equals(lastLine)) {
        text.append('\n');
      } else if (!(cjk(text.codePointBefore(text.length())) && cjk(word.codePointAt(0)))) {
        text.append(' ');
      }
      text.append(word);
      lastLine = line;
      lastBlock = block;
      int n = word.codePointCount(0, word.length());
      weighted += conf * n;
      chars += n;
      words++;
    }
    return new Reading(text.toString(), chars == 0 ? null : Math.round(weighted / chars * 10) / 10.0, words);
  }

  static boolean cjk(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
  }

  /** Splits text into lines without empty ones; used by callers that want a first line. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n")) if (!l.isBlank()) out.add(l.strip());
    return out;
  }
}
