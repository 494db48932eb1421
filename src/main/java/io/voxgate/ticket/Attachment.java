package io.voxgate.ticket;

/**
 * A file that came with a ticket. {@code content} is held only until the blob store has written
 * it under its SHA-256; the database keeps the metadata.
 */
public record Attachment(String filename, String mediaType, long size, String sha256, byte[] content) {

  public static Attachment of(String filename, String mediaType, byte[] content) {
    return new Attachment(filename, mediaType, content.length, Hashes.sha256Hex(content), content);
  }

  public Attachment withoutContent() {
    return new Attachment(filename, mediaType, size, sha256, null);
  }

  /**
   * The last path segment of a sender's file name, without control characters, at most 255
   * characters: a name can never point outside the ticket (blobs are stored by hash anyway).
   */
  public static String safeName(String name) {
    String n = name == null ? "" : name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").trim();
    if (n.length() > 255) n = n.substring(n.length() - 255);
    return n.isEmpty() || n.equals(".") || n.equals("..") ? "attachment" : n;
  }
}
