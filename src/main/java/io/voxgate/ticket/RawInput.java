package io.voxgate.ticket;

/** The bytes exactly as the channel received them, kept with the ticket. */
public record RawInput(String contentType, byte[] bytes) {
  public String sha256() {
    return Hashes.sha256Hex(bytes);
  }
}
