package io.voxgate.channel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Text of multipart headers as browsers and scanners send them. */
public final class MultipartText {
  private MultipartText() {
  }

  /**
   * Multipart header values (file names) arrive as raw UTF-8, which the MIME parser reads as
   * Latin-1; such a value is decoded again when its bytes are valid UTF-8.
   */
  public static String utf8(String headerValue) {
    if (headerValue == null || headerValue.chars().allMatch(c -> c < 0x80) || headerValue.chars().anyMatch(c -> c > 0xFF)) {
      return headerValue;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(headerValue.getBytes(StandardCharsets.ISO_8859_1))).toString();
    } catch (CharacterCodingException e) {
      return headerValue;
    }
  }
}
