package io.voxgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

  /**
   * Where recordings may be fetched from, how big and how fast, and how requests authenticate;
   * failed fetches retry {@code retries} times. A host entry {@code *.example.com} allows every
   * subdomain of example.com (not example.com itself).
   */
  public record Recordings(Set<String> allowedHosts, long maxSize, Duration timeout, int retries, Duration retryAfter,
                           Auth auth) {
    public Recordings(Set<String> allowedHosts, long maxSize, Duration timeout, int retries, Duration retryAfter) {
      this(allowedHosts, maxSize, timeout, retries, retryAfter, new Auth.None());
    }

    /** An http(s) URL on an allowed host: what may be fetched, first request and redirects alike. */
    public boolean allowsUrl(URI url) {
      return url.getScheme() != null && url.getScheme().matches("https?") && allows(url.getHost());
    }

    public boolean allows(String host) {
      if (host == null || host.isEmpty()) return false;
      String h = host.toLowerCase(Locale.ROOT);
      if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
      if (allowedHosts.contains(h)) return true;
      for (String a : allowedHosts) {
        if (a.startsWith("*.") && h.endsWith(a.substring(1)) && h.length() > a.length() - 1) return true;
      }
      return false;
    }
  }

  /**
   * Credentials of recording requests, sent only to the recording URL's own origin. The values
   * never appear in {@code toString()}.
   */
  public sealed interface Auth {
    /** No credentials. */
    record None() implements Auth {
    }

    /** HTTP Basic with a configured user and password. */
    record Basic(String user, String password) implements Auth {
      @Override
      public String toString() {
        return "Basic[user=***, password=***]";
      }
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements Auth {
      @Override
      public String toString() {
        return "Bearer[***]";
      }
    }

    /**
     * Twilio's media authentication: HTTP Basic with the Account SID read from the recording
     * URL's path and the source's auth token ({@code secret}).
     */
    record TwilioAccount(String authToken) implements Auth {
      @Override
      public String toString() {
        return "TwilioAccount[***]";
      }
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
    Recordings rec = recordings(t, format);
    String twiml = t.string("twiml", "<Response/>");
    if (format != Format.TWILIO && t.has("twiml")) throw t.error("twiml", "is only used by format twilio");
    if (!twiml.startsWith("<Response")) throw t.error("twiml", "must be a TwiML <Response> document");
    return new PhoneOptions(format, publicUrl, Map.copyOf(mapping), t.optString("token"), ring, callback, rec,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + twiml);
  }

  /** Hosts Twilio serves recordings from: the API and the media hosts its 302 points to. */
  public static final List<String> TWILIO_HOSTS = List.of("api.twilio.com", "*.twilio.com", "*.twiliocdn.com");
  private static final Set<String> RECORDING_KEYS = Set.of("allowed_hosts", "max_size", "timeout", "retries",
      "retry_after", "auth");
  private static final Pattern HOST = Pattern.compile("(\\*\\.)?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\\[[0-9a-f:.]+]");

  private static Recordings recordings(YamlTree t, Format format) {
    YamlTree r = t.child("recordings");
    for (String key : r.keys()) {
      if (!RECORDING_KEYS.contains(key)) {
        throw r.error(key, "unknown key (known: " + String.join(", ", RECORDING_KEYS.stream().sorted().toList()) + ")");
      }
    }
    List<String> hosts = r.has("allowed_hosts") ? r.strings("allowed_hosts")
        : format == Format.TWILIO ? TWILIO_HOSTS : List.of();
    List<String> lower = hosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (int i = 0; i < lower.size(); i++) {
      if (!HOST.matcher(lower.get(i)).matches()) {
        throw r.error("allowed_hosts[" + i + "]", "must be a host name such as pbx.example.com or *.example.com"
            + " (no scheme, port or path), got '" + hosts.get(i) + "'");
      }
    }
    return new Recordings(Set.copyOf(lower), r.longValue("max_size", 50L << 20, 1, 1L << 32),
        positive(r, "timeout", Duration.ofSeconds(30)), r.intValue("retries", 5, 0, 100),
        positive(r, "retry_after", Duration.ofSeconds(30)), auth(r, t, format));
  }

  private static Auth auth(YamlTree r, YamlTree source, Format format) {
    if (!r.has("auth")) {
      return format == Format.TWILIO ? new Auth.TwilioAccount(source.string("secret")) : new Auth.None();
    }
    YamlTree a = r.child("auth");
    for (String key : a.keys()) {
      if (!Set.of("user", "password", "bearer").contains(key)) {
        throw a.error(key, "unknown key (known: user and password for HTTP Basic, or bearer)");
      }
    }
    for (String key : List.of("password", "bearer")) {
      if (a.has(key) && !a.isEnvReference(key)) {
        throw a.error(key, "must be an environment reference such as ${RECORDINGS_" + key.toUpperCase(Locale.ROOT)
            + "}, not the secret itself");
      }
    }
    if (a.has("bearer")) {
      if (a.has("user") || a.has("password")) throw a.error("bearer", "is used alone, not with user and password");
      String token = a.string("bearer");
      if (!token.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw a.error("bearer", "must be one token of visible ASCII characters (its value is not shown)");
      }
      return new Auth.Bearer(token);
    }
    if (!a.has("user")) throw a.error("user", "is required (HTTP Basic: user and password; or bearer)");
    if (!a.has("password")) throw a.error("password", "is required with user (HTTP Basic)");
    String user = a.string("user");
    if (user.contains(":")) throw a.error("user", "must not contain ':' (HTTP Basic)");
    return new Auth.Basic(user, a.string("password"));
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
