package io.voxgate.channel.email;

import jakarta.mail.internet.InternetHeaders;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Which automatic-mail flags a mail gets, from its headers (after Zammad's filters): auto-replies
 * ({@code Auto-Submitted} other than {@code no}, {@code X-Autoreply}, {@code X-Autorespond},
 * {@code X-Loop}, {@code X-Auto-Response-Suppress}), bulk ({@code Precedence: bulk|junk|list},
 * {@code List-Id}, {@code List-Unsubscribe}), bounces (mailer-daemon/postmaster senders, an empty
 * {@code Return-Path}, a delivery report), read receipts, abuse reports and our own mail coming back. Pure.
 */
final class MailFilters {
  static final String AUTO_REPLY = "auto_reply";
  static final String BOUNCE = "bounce";
  static final String BULK = "bulk";
  static final String LOOP = "mail_loop";
  /** Ack suppression reasons, strongest first. */
  static final List<String> REASONS = List.of(BOUNCE, LOOP, AUTO_REPLY, BULK);

  private MailFilters() {
  }

  /**
   * @param header      a decoded header value, null when absent
   * @param fromAddress the sender's address, lower case, may be null
   * @param reportType  the {@code report-type} of a {@code multipart/report} mail, null for other mail
   * @param ownLoop     the mail carries our Message-ID domain or loop header
   */
  static Set<String> flags(Function<String, String> header, String fromAddress, String reportType, boolean ownLoop) {
    Set<String> out = new LinkedHashSet<>();
    String auto = lower(header.apply("Auto-Submitted"));
    if (auto != null && !auto.isBlank() && !auto.startsWith("no")) out.add(AUTO_REPLY);
    // a read receipt, or an abuse report (ARF) from a mailbox provider
    if ("disposition-notification".equals(reportType) || "feedback-report".equals(reportType)) out.add(AUTO_REPLY);
    if (header.apply("X-Autoreply") != null || header.apply("X-Autorespond") != null
        || header.apply("X-Autoresponder") != null) out.add(AUTO_REPLY);
    String xloop = lower(header.apply("X-Loop"));
    if (xloop != null && (xloop.contains("yes") || xloop.contains("true"))) out.add(AUTO_REPLY);
    String suppress = lower(header.apply("X-Auto-Response-Suppress"));
    if (suppress != null && (suppress.contains("all") || suppress.contains("oof") || suppress.contains("autoreply"))) {
      out.add(AUTO_REPLY);
    }
    String precedence = lower(header.apply("Precedence"));
    if (precedence != null && (precedence.contains("bulk") || precedence.contains("junk") || precedence.contains("list"))) {
      out.add(BULK);
    }
    if (notBlank(header.apply("List-Id")) || notBlank(header.apply("List-Unsubscribe"))) out.add(BULK);
    String returnPath = lower(header.apply("Return-Path"));
    boolean daemon = fromAddress != null && (fromAddress.startsWith("mailer-daemon@") || fromAddress.startsWith("postmaster@")
        || fromAddress.equals("mailer-daemon"));
    if ("delivery-status".equals(reportType) || daemon || returnPath != null && (returnPath.replaceAll("\\s", "").equals("<>")
        || returnPath.contains("mailer-daemon"))) {
      out.add(BOUNCE);
    }
    if (ownLoop) out.add(LOOP);
    return out;
  }

  /** The strongest suppression reason among {@code flags}, or null. */
  static String reason(Set<String> flags) {
    for (String r : REASONS) if (flags.contains(r)) return r;
    return null;
  }

  /** The fields of a {@code message/delivery-status} body: per-recipient blocks after the per-message one. */
  static Mail.Bounce deliveryStatus(List<InternetHeaders> blocks, List<String> originalIds) {
    List<String> recipients = new ArrayList<>();
    boolean hard = false;
    String status = null;
    for (InternetHeaders h : blocks) {
      String action = lower(h.getHeader("Action", null));
      String st = h.getHeader("Status", null);
      String rcpt = h.getHeader("Final-Recipient", null);
      if (rcpt == null) rcpt = h.getHeader("Original-Recipient", null);
      if (action == null && st == null) continue;
      if (st != null) status = st.trim();
      boolean permanent = "failed".equals(action != null ? action.trim() : null) || st != null && st.trim().startsWith("5");
      if (permanent) {
        hard = true;
        if (rcpt != null) recipients.add(address(rcpt));
      }
    }
    return new Mail.Bounce(hard, recipients, originalIds, status);
  }

  private static String address(String field) {
    int semi = field.indexOf(';'); // "rfc822; user@example.com"
    String a = semi >= 0 ? field.substring(semi + 1) : field;
    return a.trim().replaceAll("^<|>$", "").toLowerCase(Locale.ROOT);
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
