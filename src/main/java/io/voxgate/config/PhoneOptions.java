package io.voxgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A phone source's settings, validated at start.
 *
 * @param publicUrl    the URL Twilio was configured with (what it signs), twilio only
 * @param mapping      JSON path per call field, mapped only
 * @param token        Zammad-style token in the URL ({@code ?token=}), generic only
 * @param ringTimeout  an inbound call still unanswered after this long is missed
 * @param callbackWithin deadline of the {@code callback} clock of a missed call
 * @param twiml        what Twilio gets back (default {@code <Response/>}: Twilio goes on as configured for status callbacks)
 */
public record PhoneOptions(Format format, Optional<String> publicUrl, Map<String, String> mapping,
                           Optional<String> token, Duration ringTimeout, Duration callbackWithin,
                           Recordings recordings, String twiml) {

  /** The wire formats a phone source can speak. */
  public enum Format { GENERIC, TWILIO, MAPPED }

  /** Where recordings may be fetched from, how big and how fast; failed fetches retry {@code retries} times. */
  public record Recordings(Set<String> allowedHosts, long maxSize, Duration timeout, int retries, Duration retryAfter) {
    public boolean allows(String host) {
      return host != null && allowedHosts.contains(host.toLowerCase());
    }
  }

  /** The fields a {@code mapping} may name; {@code call_id} is required. */
  public static final List<String> MAPPING_FIELDS = List.of("call_id", "caller", "callee", "direction", "start",
      "answer", "end", "agent", "outcome", "notes", "recording_url", "duration", "caller_name", "transcription");

  static final Set<String> KEYS = Set.of("format", "public_url", "mapping", "token", "ring_timeout",
      "callback_within", "recordings", "twiml");

  static PhoneOptions from(YamlTree t) {
    Format format = t.choice("format", Format.GENERIC, s -> Format.valueOf(s.trim().toUpperCase()),
        "generic, twilio, mapped");
    Optional<String> publicUrl = t.optString("public_url");
    if (format == Format.TWILIO) {
      if (publicUrl.isEmpty()) throw t.error("public_url", "is required for format twilio (the URL Twilio signs)");
      if (!t.has("secret")) throw t.error("secret", "is required for format twilio (the account's auth token)");
      try {
        URI u = URI.create(publicUrl.get());
        if (u.getHost() == null || !u.getScheme().matches("https?")) throw new IllegalArgumentException();
      } catch (IllegalArgumentException e) {
        throw t.error("public_url", "must be an absolute http(s) URL, got '" + publicUrl.get() + "'");
      }
    } else if (publicUrl.isPresent()) {
      throw t.error("public_url", "is only used by format twilio");
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    YamlTree m = t.child("mapping");
    if (format == Format.MAPPED) {
      for (String key : m.keys()) {
        if (!MAPPING_FIELDS.contains(key)) throw m.error(key, "unknown field (known: " + String.join(", ", MAPPING_FIELDS) + ")");
        mapping.put(key, m.string(key));
      }
      if (!mapping.containsKey("call_id")) throw m.error("call_id", "is required: the JSON path of the call id");
    } else if (t.has("mapping")) {
      throw t.error("mapping", "is only used by format mapped");
    }
    if (t.has("token")) {
      if (format != Format.GENERIC) throw t.error("token", "is only used by format generic (Zammad's token in the URL)");
      if (!t.isEnvReference("token")) throw t.error("token", "must be an environment reference such as ${CTI_TOKEN}");
    }
    Duration ring = positive(t, "ring_timeout", Duration.ofMinutes(2));
    Duration callback = positive(t, "callback_within", Duration.ofHours(1));
    YamlTree r = t.child("recordings");
    for (String key : r.keys()) {
      if (!Set.of("allowed_hosts", "max_size", "timeout", "retries", "retry_after").contains(key)) {
        throw r.error(key, "unknown key (known: allowed_hosts, max_size, timeout, retries, retry_after)");
      }
    }
    List<String> hosts = r.has("allowed_hosts") ? r.strings("allowed_hosts")
        : format == Format.TWILIO ? List.of("api.twilio.com") : List.of();
    Recordings rec = new Recordings(Set.copyOf(hosts.stream().map(String::toLowerCase).toList()),
        r.longValue("max_size", 50L << 20, 1, 1L << 32), positive(r, "timeout", Duration.ofSeconds(30)),
        r.intValue("retries", 5, 0, 100), positive(r, "retry_after", Duration.ofSeconds(30)));
    String twiml = t.string("twiml", "<Response/>");
    if (format != Format.TWILIO && t.has("twiml")) throw t.error("twiml", "is only used by format twilio");
    if (!twiml.startsWith("<Response")) throw t.error("twiml", "must be a TwiML <Response> document");
    return new PhoneOptions(format, publicUrl, Map.copyOf(mapping), t.optString("token"), ring, callback, rec,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + twiml);
  }

  private static Duration positive(YamlTree t, String key, Duration fallback) {
    Duration d = t.duration(key, fallback);
    if (d.isNegative() || d.isZero()) throw t.error(key, "must be a positive duration");
    return d;
  }

  /** Reads the options of a source that {@link ConfigLoader} has already validated. */
  public static PhoneOptions of(SourceConfig source) {
    return from(source.settings());
  }
}
