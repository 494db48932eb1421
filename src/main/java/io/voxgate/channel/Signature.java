package io.voxgate.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Voxgate-Signature: sha256=<hex HMAC-SHA256 of the raw body>}, compared in constant time. */
public final class Signature {
  public static final String HEADER = "X-Voxgate-Signature";

  private Signature() {
  }

  public static String sign(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
  }

  public static boolean verify(String secret, byte[] body, String header) {
    if (header == null) return false;
    String h = header.trim();
    if (!h.regionMatches(true, 0, "sha256=", 0, 7)) return false;
    byte[] given;
    try {
      given = HexFormat.of().parseHex(h.substring(7).toLowerCase());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(secret, body), given);
  }

  private static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
