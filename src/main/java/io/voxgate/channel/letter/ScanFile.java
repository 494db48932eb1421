package io.voxgate.channel.letter;

import io.voxgate.ticket.Hashes;

/** One uploaded scan, its type told from its first bytes (not from what the client declared). */
public record ScanFile(String filename, String mediaType, byte[] content, String sha256) {
  public static final String PDF = "application/pdf";
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";
  public static final String TIFF = "image/tiff";

  public static ScanFile of(String filename, String mediaType, byte[] content) {
    return new ScanFile(filename, mediaType, content, Hashes.sha256Hex(content));
  }

  /** The scan's type from its magic bytes; null when it is none of PDF, PNG, JPEG, TIFF. */
  public static String sniff(byte[] b) {
    if (startsWith(b, 0x89, 'P', 'N', 'G')) return PNG;
    if (startsWith(b, 0xFF, 0xD8, 0xFF)) return JPEG;
    if (startsWith(b, 'I', 'I', 0x2A, 0x00) || startsWith(b, 'M', 'M', 0x00, 0x2A)) return TIFF;
    // PDF readers accept the header anywhere in the first KiB
    String head = new String(b, 0, Math.min(b.length, 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
    if (head.contains("%PDF-")) return PDF;
    return null;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
    return true;
  }
}
