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
}
