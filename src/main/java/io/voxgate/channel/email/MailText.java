package io.voxgate.channel.email;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text decoding for mail as it is found in the wild: charset labels mapped to the supersets that
 * senders really use (GB2312 → GB18030, ks_c_5601-1987 → windows-949, UTF-7), unlabelled 8-bit
 * bytes guessed, and RFC 2047 encoded words decoded byte-wise so that a character split across
 * two words survives. Pure and thread-safe.
 */
final class MailText {
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("gb2312", "GB18030"), Map.entry("gbk", "GB18030"), Map.entry("x-gbk", "GB18030"),
      Map.entry("cp936", "GB18030"), Map.entry("euc-cn", "GB18030"), Map.entry("x-euc-cn", "GB18030"),
      Map.entry("hz-gb-2312", "GB18030"), Map.entry("gb_2312-80", "GB18030"),
      Map.entry("big5", "Big5-HKSCS"), Map.entry("x-big5", "Big5-HKSCS"), Map.entry("cp950", "Big5-HKSCS"),
      Map.entry("ks_c_5601-1987", "x-windows-949"), Map.entry("ks_c_5601", "x-windows-949"),
      Map.entry("euc-kr", "x-windows-949"), Map.entry("korean", "x-windows-949"),
      Map.entry("shift_jis", "windows-31j"), Map.entry("shift-jis", "windows-31j"), Map.entry("sjis", "windows-31j"),
      Map.entry("x-sjis", "windows-31j"), Map.entry("iso-2022-jp", "x-windows-iso2022jp"),
      Map.entry("iso-8859-1", "windows-1252"), Map.entry("us-ascii", "windows-1252"), Map.entry("ascii", "windows-1252"),
      Map.entry("iso-8859-8-i", "ISO-8859-8"), Map.entry("utf8", "UTF-8"),
      Map.entry("unicode-1-1-utf-7", Utf7.NAME), Map.entry("utf-7", Utf7.NAME), Map.entry("x-unicode20utf7", Utf7.NAME));
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final Charset GB2312 = Charset.forName("GB2312");
  private static final Charset BIG5 = Charset.forName("Big5");
  private static final Charset EUC_KR = Charset.forName("EUC-KR");
  private static final List<String> GUESSES = List.of("GB18030", "Big5-HKSCS", "windows-31j", "x-windows-949");
  // encoded text may (invalidly, but commonly) hold spaces; non-greedy keeps adjacent words apart
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*?)\\?=");

  private MailText() {
  }

  /** The charset to decode {@code label} with; empty when unknown. */
  static Optional<Charset> charset(String label) {
    if (label == null || label.isBlank()) return Optional.empty();
    String l = label.trim().replaceAll("^[\"']|[\"']$", "").toLowerCase(Locale.ROOT);
    int star = l.indexOf('*'); // RFC 2231 language suffix
    if (star > 0) l = l.substring(0, star);
    String name = ALIASES.getOrDefault(l, l);
    if (name.equals(Utf7.NAME)) return Optional.of(Utf7.CHARSET);
    try {
      return Optional.of(Charset.forName(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Bytes as text: the declared charset when it decodes them cleanly, otherwise UTF-8 when valid,
   * otherwise the best-scoring CJK or Latin guess. Never fails; undecodable bytes become U+FFFD.
   */
  static String decode(byte[] bytes, String declared) {
    Optional<Charset> label = charset(declared);
    if (isAscii(bytes)) {
      // 7-bit charsets (ISO-2022-JP, UTF-7) need their decoder; ESC without a label means ISO-2022
      if (label.isPresent() && (label.get() == Utf7.CHARSET || label.get().name().contains("2022"))) {
        return new String(bytes, label.get());
      }
      if (label.isPresent() && "a".getBytes(label.get() == Utf7.CHARSET ? StandardCharsets.US_ASCII : label.get()).length != 1) {
        return new String(bytes, label.get()); // UTF-16/32: ASCII-range bytes are not ASCII text
      }
      if (label.isEmpty() && contains(bytes, (byte) 0x1B)) return new String(bytes, Charset.forName("x-windows-iso2022jp"));
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    if (label.isPresent()) {
      Optional<String> s = strict(bytes, label.get());
      if (s.isPresent()) return s.get();
    }
    Optional<String> utf8 = strict(bytes, StandardCharsets.UTF_8);
    if (utf8.isPresent()) return utf8.get();
    // a single-byte label is nearly always right; a UTF label that fails is a sender's default, not the truth
    Optional<Charset> singleByte = label.filter(MailText::singleByte);
    if (singleByte.isPresent()) return new String(bytes, singleByte.get());
    return guess(bytes, Optional.empty());
  }

  /**
   * Unlabelled 8-bit bytes: European text (lone 8-bit letters between ASCII) in {@code latin} or
   * windows-1252; otherwise the CJK candidate whose strict decoding looks most like text.
   */
  static String guess(byte[] bytes, Optional<Charset> latin) {
    if (looksLatin(bytes)) return new String(bytes, latin.orElse(WINDOWS_1252));
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (String name : GUESSES) {
      Optional<String> s = strict(bytes, Charset.forName(name));
      if (s.isEmpty()) continue;
      double score = score(s.get(), name);
      if (score > bestScore) {
        bestScore = score;
        best = s.get();
      }
    }
    if (best != null && bestScore > 0) return best;
    return new String(bytes, latin.orElse(WINDOWS_1252));
  }

  /**
   * Whether 8-bit bytes stand mostly alone between ASCII, as accented letters do in Latin text, and
   * none is a control or a katakana lead byte: every CJK character needs two 8-bit bytes in a row.
   */
  static boolean looksLatin(byte[] bytes) {
    int runs = 0;
    int single = 0;
    int i = 0;
    while (i < bytes.length) {
      if (bytes[i] >= 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < bytes.length && bytes[i] < 0) {
        int b = bytes[i] & 0xFF;
        if (b < 0xA0 && (b < 0x91 || b > 0x97)) return false; // C1 controls, Shift_JIS leads; smart quotes and dashes pass
        i++;
      }
      runs++;
      if (i - start == 1) single++;
      else if (i - start > 2) return false;
    }
    return runs > 0 && single * 2 >= runs;
  }

  private static boolean singleByte(Charset cs) {
    return cs != Utf7.CHARSET && cs.canEncode() && cs.newEncoder().maxBytesPerChar() == 1f;
  }

  /**
   * A header value read as ISO-8859-1 by Jakarta Mail: raw 8-bit bytes re-decoded (UTF-8, else the
   * body's CJK charset, else a guess), encoded words decoded.
   */
  static String header(String raw, String hint) {
    if (raw == null) return null;
    String text = raw.replaceAll("\r?\n[ \t]", " ").replaceAll("\r?\n", "");
    if (isAscii(text) && text.indexOf(0x1B) >= 0) return decodeWords(decode(text.getBytes(StandardCharsets.US_ASCII), hint));
    // 8-bit bytes inside an encoded word belong to the word's charset; outside, they are guessed
    return decodeWords(text, plain -> raw8bit(plain, hint));
  }

  /**
   * Raw 8-bit header bytes (read as ISO-8859-1): UTF-8 when valid, else Latin when they look it, else
   * the body's CJK charset, else a guess.
   */
  private static String raw8bit(String s, String hint) {
    if (isAscii(s) || !latin1(s)) return s;
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    Optional<String> utf8 = strict(bytes, StandardCharsets.UTF_8);
    if (utf8.isPresent()) return utf8.get();
    Optional<Charset> h = charset(hint);
    if (h.isPresent() && isCjk(h.get()) && !looksLatin(bytes)) return decode(bytes, hint);
    return guess(bytes, h.filter(MailText::singleByte));
  }

  /** A value already decoded by Jakarta Mail (e.g. an RFC 2231 file name): only raw UTF-8 bytes are upgraded. */
  static String decoded(String s) {
    if (s == null || isAscii(s) || !latin1(s)) return decodeWords(s);
    return decodeWords(strict(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).orElse(s));
  }

  private static boolean latin1(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0xFF) return false;
    return true;
  }

  private static boolean contains(byte[] bytes, byte b) {
    for (byte x : bytes) if (x == b) return true;
    return false;
  }

  /** RFC 2047: adjacent words of one charset are joined as bytes before decoding; whitespace between words dropped. */
  static String decodeWords(String s) {
    return decodeWords(s, UnaryOperator.identity());
  }

  /** @param plain what becomes of the text outside encoded words */
  private static String decodeWords(String s, UnaryOperator<String> plain) {
    if (s == null) return null;
    if (!s.contains("=?")) return plain.apply(s);
    StringBuilder out = new StringBuilder();
    Matcher m = WORD.matcher(s);
    int last = 0;
    String pendingCharset = null;
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    while (m.find()) {
      String between = s.substring(last, m.start());
      boolean adjacent = last > 0 && between.isBlank() && pendingCharset != null;
      if (!adjacent) {
        flush(out, pending, pendingCharset);
        pendingCharset = null;
        out.append(plain.apply(between));
      }
      String cs = m.group(1);
      if (pendingCharset != null && !pendingCharset.equalsIgnoreCase(cs)) {
        flush(out, pending, pendingCharset);
      }
      pendingCharset = cs;
      byte[] bytes = m.group(2).equalsIgnoreCase("b") ? base64(m.group(3)) : q(m.group(3));
      pending.writeBytes(bytes);
      last = m.end();
    }
    flush(out, pending, pendingCharset);
    out.append(plain.apply(s.substring(last)));
    return out.toString();
  }

  private static void flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
    if (charset == null || pending.size() == 0) {
      pending.reset();
      return;
    }
    out.append(decode(pending.toByteArray(), charset));
    pending.reset();
  }

  private static byte[] base64(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9+/]", "");
    int rem = clean.length() % 4;
    if (rem == 1) clean = clean.substring(0, clean.length() - 1);
    else if (rem > 1) clean = clean + "=".repeat(4 - rem);
    try {
      return Base64.getDecoder().decode(clean);
    } catch (IllegalArgumentException e) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static byte[] q(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') out.write(' ');
      else if (c == '=' && i + 2 < s.length() + 0 && isHex(s.charAt(i + 1)) && i + 2 < s.length() && isHex(s.charAt(i + 2))) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else out.write(c);
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  static Optional<String> strict(byte[] bytes, Charset cs) {
    CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer cb = d.decode(ByteBuffer.wrap(bytes));
      return Optional.of(cb.toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isCjk(Charset cs) {
    return GUESSES.contains(cs.name()) || cs.name().toLowerCase(Locale.ROOT).contains("2022");
  }

  /**
   * How much {@code s}, decoded as {@code candidate}, looks like text in that candidate's language.
   * Han characters count by how common they are in it (GB2312 level 1 for GB18030, Big5 level 1 for
   * Big5): bytes of one CJK charset read as another give valid but rare characters. Kana mean
   * Japanese, KS X 1001 Hangul Korean; private use and controls cost. The first 2,000 characters
   * are enough to decide.
   */
  private static double score(String s, String candidate) {
    CharsetEncoder gb2312 = GB2312.newEncoder();
    CharsetEncoder big5 = BIG5.newEncoder();
    CharsetEncoder ksx1001 = EUC_KR.newEncoder();
    double score = 0;
    for (int i = 0; i < Math.min(s.length(), 2_000); i++) {
      char c = s.charAt(i);
      if (c < 0x80) continue;
      if (c >= 0x4E00 && c <= 0x9FA5) {
        score += switch (candidate) {
          case "GB18030" -> level(gb2312, c, 0xB0, 0xD7, 1.0, 0.5, 0.1);
          case "Big5-HKSCS" -> level(big5, c, 0xA4, 0xC6, 1.0, 0.3, 0.0);
          case "x-windows-949" -> 0.2; // hanja: rare in Korean text
          default -> 0.6;
        };
      } else if (c >= 0x3040 && c <= 0x30FF) score += 1.2; // kana: Japanese for sure
      else if (c >= 0x3000 && c <= 0x303F || c >= 0xFF01 && c <= 0xFF5E) score += 0.8;
      else if (c >= 0xFF61 && c <= 0xFF9F) score -= 0.5; // half-width katakana: GBK bytes read as Shift_JIS
      else if (c >= 0xAC00 && c <= 0xD7A3) score += ksx1001.canEncode(c) ? 0.9 : -0.3;
      else if (c >= 0xE000 && c <= 0xF8FF || c < 0xA0) score -= 3;
      else score -= 0.5;
    }
    return score;
  }

  /** {@code common} when {@code c}'s lead byte in {@code cs} is within [lo, hi], {@code rare} when elsewhere in it, else {@code outside}. */
  private static double level(CharsetEncoder cs, char c, int lo, int hi, double common, double rare, double outside) {
    try {
      ByteBuffer b = cs.encode(CharBuffer.wrap(new char[] {c}));
      if (b.remaining() < 2) return outside;
      int lead = b.get(0) & 0xFF;
      return lead >= lo && lead <= hi ? common : rare;
    } catch (CharacterCodingException e) {
      return outside;
    }
  }

  static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) if (b < 0) return false;
    return true;
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
    return true;
  }
}
