package io.voxgate.config;

import java.net.URI;

/**
 * Configured and received URLs as they may appear in logs, error texts and health output: the
 * user info (user:password) and the query (often an API key) are replaced by {@code ***}.
 */
public final class Redact {
  private Redact() {
  }

  /** {@code http://user:pw@host:1/p?key=k} becomes {@code http://***@host:1/p?***}; text that is no URL is hidden. */
  public static String url(String url) {
    if (url == null) return null;
    try {
      URI u = URI.create(url.trim());
      if (u.getScheme() == null || u.getRawAuthority() == null) return "***";
      StringBuilder b = new StringBuilder(u.getScheme()).append("://");
      if (u.getRawUserInfo() != null) b.append("***@");
      b.append(u.getHost() != null ? u.getHost() : "***");
      if (u.getPort() >= 0) b.append(':').append(u.getPort());
      if (u.getRawPath() != null) b.append(u.getRawPath());
      if (u.getRawQuery() != null) b.append("?***");
      return b.toString();
    } catch (IllegalArgumentException e) {
      return "***";
    }
  }
}
