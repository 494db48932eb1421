package io.voxgate.channel.phone;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request parameters as the phone parsers read them: form-encoded or JSON, every key with its
 * values in order ({@code user[]} is {@code user}). Pure.
 */
final class Params {
  static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");
  private final Map<String, List<String>> values;

  private Params(Map<String, List<String>> values) {
    this.values = values;
  }

  /** {@code application/x-www-form-urlencoded}, UTF-8. */
  static Params form(byte[] body) {
    return form(body, true);
  }

  /** @param arrayKeys whether {@code user[]} is read as {@code user} (not for signature checks) */
  static Params form(byte[] body, boolean arrayKeys) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String s = new String(body, StandardCharsets.UTF_8);
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(arrayKeys && k.endsWith("[]") ? k.substring(0, k.length() - 2) : k, x -> new ArrayList<>()).add(v);
    }
    return new Params(out);
  }

  /** A JSON object's top level; arrays become several values. Empty when the body is no JSON object. */
  static Optional<Params> json(byte[] body) {
    JsonObject o;
    try {
      Object v = io.vertx.core.json.Json.decodeValue(new String(body, StandardCharsets.UTF_8));
      if (!(v instanceof JsonObject jo)) return Optional.empty();
      o = jo;
    } catch (DecodeException e) {
      return Optional.empty();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String k : o.fieldNames()) {
      Object v = o.getValue(k);
      List<String> list = new ArrayList<>();
      if (v instanceof JsonArray a) a.forEach(x -> { if (x != null) list.add(String.valueOf(x)); });
      else if (v != null) list.add(String.valueOf(v));
      out.put(k, list);
    }
    return Optional.of(new Params(out));
  }

  Map<String, List<String>> all() {
    return values;
  }

  /** The first non-blank value of the first key present. */
  String get(String... keys) {
    for (String k : keys) {
      for (String v : values.getOrDefault(k, List.of())) if (v != null && !v.isBlank()) return v.trim();
    }
    return null;
  }

  /** All values of a key; a single value listing several ({@code "user 1,user 2"}) is split at commas. */
  List<String> list(String key) {
    List<String> out = new ArrayList<>();
    for (String v : values.getOrDefault(key, List.of())) {
      for (String part : v.split(",")) if (!part.isBlank()) out.add(part.trim());
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /**
   * A time as senders write it: ISO-8601 with offset, RFC 1123 (Twilio), epoch seconds or
   * milliseconds, or a local {@code yyyy-MM-dd HH:mm:ss} taken in Asia/Shanghai. Empty when unreadable.
   */
  static Optional<Instant> time(String s) {
    if (s == null || s.isBlank()) return Optional.empty();
    String t = s.trim();
    try {
      if (t.matches("\\d{9,13}(\\.\\d+)?")) {
        double n = Double.parseDouble(t);
        return Optional.of(n > 1e11 ? Instant.ofEpochMilli((long) n) : Instant.ofEpochMilli((long) (n * 1000)));
      }
      if (t.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
        return Optional.of(LocalDateTime.parse(t.replace(' ', 'T').length() == 16 ? t.replace(' ', 'T') + ":00"
            : t.replace(' ', 'T')).atZone(LOCAL).toInstant());
      }
      if (Character.isLetter(t.charAt(0))) return Optional.of(ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return Optional.of(OffsetDateTime.parse(t.replace(' ', 'T')).toInstant());
    } catch (DateTimeParseException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
