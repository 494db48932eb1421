package io.voxgate.channel;

import java.time.Instant;
import java.util.Map;

/**
 * An intake request as a parser sees it: plain data, no I/O.
 *
 * @param headers lower-case names, first value of each
 */
public record RawRequest(String contentType, Map<String, String> headers, byte[] body, String remoteIp,
                         Instant receivedAt) {

  public String header(String name) {
    return headers.get(name.toLowerCase());
  }

  /** The media type without parameters, lower case; empty when none was sent. */
  public String mediaType() {
    if (contentType == null) return "";
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase();
  }
}
