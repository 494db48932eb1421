package io.voxgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An email source's settings: the optional IMAP mailbox, the sender address of our replies, who
 * may add to a ticket besides its customer, and the mail-loop guards.
 *
 * @param ownDomains     Message-ID domains of mail we send: the gateway's {@code smtp.message_id_domain} plus the
 *                       source's {@code own_domains}; such a mail coming back is never a new ticket
 * @param trustedSenders addresses or {@code @domain}s allowed to reply to any ticket of this source
 * @param bounceSuppress how long a hard-bounced address gets no automatic mail
 */
public record EmailOptions(Optional<Imap> imap, Optional<String> replyFrom, List<String> ownDomains, String loopHeader,
                           List<String> trustedSenders, Duration bounceSuppress) {

  /** What to do with a mail once its ticket is committed. */
  public enum After { KEEP, SEEN, MOVE }

  /**
   * @param url     {@code imap://host:port} or {@code imaps://host:port}
   * @param poll    interval between polls (and the longest IDLE wait)
   * @param enabled false keeps the mailbox configured but not polled
   * @param timeout connect/read timeout of the IMAP session
   * @param maxSize bytes fetched of one mail at most; a larger one becomes a ticket from its first
   *     {@code maxSize} bytes, flagged {@code too_large}, its files left in the mailbox
   */
  public record Imap(String url, String user, String password, String folder, Duration poll, boolean idle,
                     After after, Optional<String> moveTo, int batch, Duration timeout, boolean enabled, long maxSize) {
    public boolean secure() {
      return url.startsWith("imaps:");
    }

    public String host() {
      return java.net.URI.create(url).getHost();
    }

    public int port() {
      int p = java.net.URI.create(url).getPort();
      return p > 0 ? p : secure() ? 993 : 143;
    }
  }

  static final Set<String> KEYS = Set.of("imap", "reply_from", "own_domains", "loop_header", "trusted_senders",
      "bounce_suppress");
  private static final Set<String> IMAP_KEYS = Set.of("url", "user", "password", "folder", "poll", "idle", "after",
      "move_to", "batch", "timeout", "enabled", "max_size");

  /**
   * @param messageIdDomain the domain our outgoing Message-IDs carry ({@code smtp.message_id_domain}); null when
   *                        only checking the file
   */
  public static EmailOptions from(YamlTree source, String messageIdDomain) {
    Optional<Imap> imap = Optional.empty();
    if (source.has("imap")) imap = Optional.of(imap(source.child("imap")));
    List<String> own = new ArrayList<>();
    if (messageIdDomain != null && !messageIdDomain.isBlank()) own.add(messageIdDomain);
    List<String> configured = source.strings("own_domains");
    for (int i = 0; i < configured.size(); i++) {
      if (!configured.get(i).trim().matches("[A-Za-z0-9.-]+")) {
        throw source.error("own_domains[" + i + "]",
            "must be a domain name such as mail.example.com, got '" + configured.get(i) + "'");
      }
    }
    own.addAll(configured);
    return new EmailOptions(imap, source.optString("reply_from"),
        own.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).distinct().toList(),
        source.string("loop_header", "X-Voxgate-Loop"),
        source.strings("trusted_senders").stream().map(d -> d.toLowerCase(Locale.ROOT)).toList(),
        source.duration("bounce_suppress", Duration.ofDays(7)));
  }

  private static Imap imap(YamlTree t) {
    for (String key : t.keys()) if (!IMAP_KEYS.contains(key)) throw t.error(key, "unknown key for an IMAP mailbox");
    String url = t.string("url");
    if (!url.matches("imaps?://[^/:\\s]+(:\\d{1,5})?/?")) {
      throw t.error("url", "must look like imap://host:port or imaps://host:port, got '" + url + "'");
    }
    if (t.has("password") && !t.isEnvReference("password")) {
      throw t.error("password", "must be an environment reference such as ${MAILBOX_PASSWORD}, not the password itself");
    }
    After after = t.choice("after", After.SEEN, v -> After.valueOf(v.toUpperCase(Locale.ROOT)), "keep, seen, move");
    Optional<String> moveTo = t.optString("move_to");
    if (after == After.MOVE && moveTo.isEmpty()) throw t.error("move_to", "is required when after is 'move'");
    Duration poll = t.duration("poll", Duration.ofMinutes(1));
    if (poll.isNegative() || poll.isZero()) throw t.error("poll", "must be positive");
    Duration timeout = t.duration("timeout", Duration.ofSeconds(30));
    if (timeout.isNegative() || timeout.isZero()) throw t.error("timeout", "must be positive");
    return new Imap(url.replaceAll("/$", ""), t.string("user"), t.string("password", ""), t.string("folder", "INBOX"),
        poll, t.bool("idle", true), after, moveTo, t.intValue("batch", 50, 1, 10_000), timeout, t.bool("enabled", true),
        t.longValue("max_size", 25L << 20, 1024, 1L << 31));
  }
}
