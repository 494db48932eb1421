package io.voxgate.channel.phone;

import io.voxgate.ticket.Hashes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature, {@code X-Twilio-Signature}: Base64 of HMAC-SHA1 with the auth
 * token over the URL followed by every form parameter as key + value, keys sorted, the values of a
 * repeated key sorted and exact duplicates dropped. A JSON body is signed over the URL alone,
 * which carries {@code bodySHA256=<hex SHA-256 of the body>}. Like Twilio's SDKs the check also
 * tries the URL with the default port added and with a port removed. Compared in constant time. Pure.
 */
public final class TwilioSignature {
  public static final String HEADER = "X-Twilio-Signature";

  private TwilioSignature() {
  }

  public static String compute(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    for (Map.Entry<String, TreeSet<String>> e : sorted(params).entrySet()) {
      for (String v : e.getValue()) data.append(e.getKey()).append(v);
    }
    return Base64.getEncoder().encodeToString(hmac(authToken, data.toString()));
  }

  /** A form-encoded request (or one without body). */
  public static boolean validForm(String authToken, String url, Map<String, List<String>> params, String signature) {
    if (signature == null || signature.isBlank()) return false;
    for (String candidate : candidates(url)) {
      if (same(compute(authToken, candidate, params), signature)) return true;
    }
    return false;
  }

  /** A request with a raw (JSON) body: the URL's {@code bodySHA256} must match the body, and the URL be signed. */
  public static boolean validBody(String authToken, String url, byte[] body, String signature) {
    String hash = queryValue(url, "bodySHA256");
    if (hash == null || !same(Hashes.sha256Hex(body), hash.toLowerCase())) return false;
    return validForm(authToken, url, Map.of(), signature);
  }

  private static TreeMap<String, TreeSet<String>> sorted(Map<String, List<String>> params) {
    TreeMap<String, TreeSet<String>> out = new TreeMap<>();
    params.forEach((k, vs) -> {
      TreeSet<String> set = out.computeIfAbsent(k, x -> new TreeSet<>());
      if (vs == null || vs.isEmpty()) set.add("");
      else vs.forEach(v -> set.add(v == null ? "" : v));
    });
    return out;
  }

  /** The URL as given (with {@code '} encoded as the SDKs do), with the default port added, and without a port. */
  static List<String> candidates(String url) {
    String u = url.replace("'", "%27");
    List<String> out = new ArrayList<>(List.of(u));
    try {
      URI uri = URI.create(u);
      String scheme = uri.getScheme();
      String auth = uri.getRawAuthority();
      if (scheme == null || auth == null) return out;
      String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
      String hostPort = auth.substring(userInfo.length());
      int colon = hostPort.lastIndexOf(':');
      boolean hasPort = colon > hostPort.lastIndexOf(']');
      String host = hasPort ? hostPort.substring(0, colon) : hostPort;
      String rest = u.substring(u.indexOf(auth) + auth.length());
      String prefix = scheme + "://" + userInfo;
      String defaultPort = scheme.equalsIgnoreCase("https") ? "443" : "80";
      if (hasPort) out.add(prefix + host + rest);
      else out.add(prefix + host + ":" + defaultPort + rest);
    } catch (IllegalArgumentException e) {
      // an unparseable URL is tried as given only
    }
    return out;
  }

  private static String queryValue(String url, String key) {
    int q = url.indexOf('?');
    if (q < 0) return null;
    for (String pair : url.substring(q + 1).split("&")) {
      if (pair.startsWith(key + "=")) return pair.substring(key.length() + 1);
    }
    return null;
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA1", e);
    }
  }
}
