package io.voxgate.channel.email;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/** Decode-only UTF-7 (RFC 2152), still sent by some Exchange servers; the JDK has no such charset. */
final class Utf7 extends Charset {
  static final String NAME = "x-voxgate-utf-7";
  static final Utf7 CHARSET = new Utf7();
  private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private Utf7() {
    super(NAME, new String[0]);
  }

  @Override
  public boolean contains(Charset cs) {
    return false;
  }

  @Override
  public boolean canEncode() {
    return false;
  }

  @Override
  public CharsetEncoder newEncoder() {
    throw new UnsupportedOperationException("UTF-7 is decoded only");
  }

  @Override
  public CharsetDecoder newDecoder() {
    return new CharsetDecoder(this, 1, 1) {
      @Override
      protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        String s = Utf7.decode(new String(rest, StandardCharsets.ISO_8859_1));
        if (out.remaining() < s.length()) {
          in.position(in.position() - rest.length);
          return CoderResult.OVERFLOW;
        }
        out.put(s);
        return CoderResult.UNDERFLOW;
      }
    };
  }

  static String decode(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '+') {
        out.append(c);
        i++;
        continue;
      }
      int end = i + 1;
      while (end < s.length() && B64.indexOf(s.charAt(end)) >= 0) end++;
      if (end == i + 1) {
        out.append('+'); // "+-" is a literal plus
      } else {
        int bits = 0;
        int buffer = 0;
        for (int k = i + 1; k < end; k++) {
          buffer = (buffer << 6) | B64.indexOf(s.charAt(k));
          bits += 6;
          if (bits >= 16) {
            bits -= 16;
            out.append((char) ((buffer >> bits) & 0xFFFF));
          }
        }
      }
      i = end < s.length() && s.charAt(end) == '-' ? end + 1 : end;
    }
    return out.toString();
  }
}
