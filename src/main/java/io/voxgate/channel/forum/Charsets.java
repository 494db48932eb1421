package io.voxgate.channel.forum;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which charset a fetched page is in: the Content-Type header, else a byte-order mark, else a
 * {@code <meta charset>} / {@code http-equiv} / XML declaration in the first bytes, else UTF-8.
 * GB2312 and GBK are read as GB18030, their superset, since forums labelled GB2312 routinely use
 * characters outside it.
 */
final class Charsets {
  private static final Pattern HEADER = Pattern.compile("charset\\s*=\\s*[\"']?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern META = Pattern.compile(
      "<meta[^>]+charset\\s*=\\s*[\"']?\\s*([\\w.:-]+)|<\\?xml[^>]+encoding\\s*=\\s*[\"']([\\w.:-]+)", Pattern.CASE_INSENSITIVE);
  private static final int SNIFF = 4096;

  private Charsets() {
  }

  static Charset detect(byte[] body, String contentType) {
    if (contentType != null) {
      Matcher m = HEADER.matcher(contentType);
      if (m.find()) {
        Charset c = named(m.group(1));
        if (c != null) return c;
      }
    }
    if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    if (body.length >= 2 && (body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF) return StandardCharsets.UTF_16BE;
    if (body.length >= 2 && (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE) return StandardCharsets.UTF_16LE;
    String head = new String(body, 0, Math.min(SNIFF, body.length), StandardCharsets.ISO_8859_1);
    Matcher m = META.matcher(head);
    if (m.find()) {
      Charset c = named(m.group(1) != null ? m.group(1) : m.group(2));
      if (c != null) return c;
    }
    return StandardCharsets.UTF_8;
  }

  static Charset named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("gb2312") || n.equals("gbk") || n.equals("x-gbk") || n.equals("cp936") || n.equals("gb_2312-80")) {
      n = "gb18030";
    }
    try {
      return Charset.forName(n);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  static String decode(byte[] body, Charset charset) {
    String s = new String(body, charset);
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }
}
