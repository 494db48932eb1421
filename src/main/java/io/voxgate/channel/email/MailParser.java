package io.voxgate.channel.email;

import io.voxgate.config.EmailOptions;
import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.Hashes;
import io.voxgate.ticket.RawInput;
import io.voxgate.ticket.TicketEvent;
import io.voxgate.ticket.step.HtmlToText;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw RFC 822 bytes to a {@link Mail}: decoded sender, subject, plain body (HTML-only mail converted
 * with jsoup, the HTML kept), attachments with SHA-256 (inline images, {@code message/rfc822} parts,
 * TNEF and uuencoded files included), threading references, and the automatic-mail flags that
 * suppress the acknowledgement. Pure and thread-safe; never throws: a mail it cannot read is still
 * returned, with the raw bytes, flagged {@code parse_failed}.
 */
public final class MailParser {
  public static final String PARSE_FAILED = "parse_failed";
  public static final String TOO_LARGE = "too_large";
  public static final String SYNTHETIC_DOMAIN = "voxgate.invalid";
  private static final Pattern NUMBER = Pattern.compile("\\bTS-\\d{8}-\\d{5,}\\b");
  private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+>");
  private static final Session SESSION = Session.getInstance(properties());

  public Mail parse(byte[] raw, String source, Instant receivedAt, EmailOptions options) {
    byte[] bytes = withoutMboxLine(raw);
    MimeMessage msg;
    try {
      msg = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    } catch (Exception e) {
      return failed(raw, source, receivedAt, "the message cannot be read: " + e.getMessage());
    }
    Parts parts = new Parts(SESSION);
    String failure = null;
    try {
      parts.walk(msg);
    } catch (Exception | StackOverflowError e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    String hint = parts.firstCharset;
    String subject = MailText.header(rawHeader(msg, "Subject"), hint);
    String fromRaw = rawHeader(msg, "From");
    InternetAddress from = address(fromRaw, hint);
    InternetAddress replyTo = address(rawHeader(msg, "Reply-To"), hint);
    String fromEmail = from == null ? null : from.getAddress().toLowerCase(Locale.ROOT);
    String name = displayName(MailText.header(fromRaw, hint), from);
    String messageId = messageId(rawHeader(msg, "Message-ID"), raw);
    boolean ownLoop = options.ownDomains().contains(domainOf(messageId)) || rawHeader(msg, options.loopHeader()) != null;

    Set<String> flags = MailFilters.flags(n -> MailText.header(rawHeader(msg, n), hint), fromEmail, parts.reportType,
        ownLoop);
    if (failure == null && noHeaders(msg)) failure = "no mail headers found";
    if (failure != null) flags.add(PARSE_FAILED);
    Mail.Bounce bounce = null;
    List<String> references = references(rawHeader(msg, "In-Reply-To"), rawHeader(msg, "References"));
    if (flags.contains(MailFilters.BOUNCE)) {
      List<String> originals = new ArrayList<>(parts.returnedIds);
      originals.addAll(references);
      bounce = MailFilters.deliveryStatus(parts.deliveryStatus, originals);
    }
    String html = parts.html.isEmpty() ? null : String.join("\n", parts.html).replace("\u0000", "");
    String text = String.join("\n", parts.text).strip().replace("\u0000", "");
    if (text.isEmpty() && html != null) text = HtmlToText.toText(html);
    if (failure != null && text.isEmpty()) text = "(" + failure + ")";

    String contact = replyTo != null ? replyTo.getAddress() : from == null ? null : from.getAddress();
    TicketEvent.Builder b = TicketEvent.builder(Channel.EMAIL, source, messageId, receivedAt)
        .customer(new Customer(name, null, contact == null ? null : contact.toLowerCase(Locale.ROOT), null))
        .subject(subject == null ? "" : subject.replace("\u0000", "").strip())
        .body(text)
        .bodyHtml(html)
        .attachments(parts.attachments)
        .raw(new RawInput("message/rfc822", raw));
    flags.forEach(b::flag);
    String reason = MailFilters.reason(flags);
    if (reason != null) b.ack(AckPlan.suppressed(reason));
    List<String> senders = new ArrayList<>();
    if (fromEmail != null) senders.add(fromEmail);
    if (replyTo != null) senders.add(replyTo.getAddress().toLowerCase(Locale.ROOT));
    return new Mail(b.build(), messageId, references, numbers(subject), senders, bounce, ownLoop);
  }

  /**
   * A mail of which only its first bytes were fetched ({@code imap.max_size}): its headers and text
   * as far as they go, no files (they would be cut short), flagged {@code too_large}; the whole
   * mail stays in the mailbox.
   */
  public Mail parseFirstBytes(byte[] head, long size, String source, Instant receivedAt, EmailOptions options) {
    Mail m = parse(head, source, receivedAt, options);
    TicketEvent e = m.event();
    String note = "(a mail of " + size + " bytes, larger than imap.max_size (" + head.length
        + " bytes): its beginning is shown here, the whole mail and its files are in the mailbox)";
    TicketEvent cut = e.toBuilder().attachments(List.of()).flag(TOO_LARGE)
        .body(e.body() == null || e.body().isBlank() ? note : e.body() + "\n\n" + note).build();
    return new Mail(cut, m.messageId(), m.references(), m.numbers(), m.senders(), m.bounce(), m.ownLoop());
  }

  /** A mail whose bytes could not even be split into headers and body: kept raw, flagged for an agent. */
  private Mail failed(byte[] raw, String source, Instant receivedAt, String why) {
    String id = messageId(null, raw);
    TicketEvent e = TicketEvent.builder(Channel.EMAIL, source, id, receivedAt)
        .subject("(unreadable mail)").body("(" + why + ")").raw(new RawInput("message/rfc822", raw))
        .flag(PARSE_FAILED).build();
    return new Mail(e, id, List.of(), List.of(), List.of(), null, false);
  }

  static String messageId(String header, byte[] raw) {
    if (header != null) {
      String h = header.replaceAll("\\s+", "");
      Matcher m = MSG_ID.matcher(h);
      if (m.find()) return m.group();
      if (!h.isBlank() && h.length() < 900) return "<" + h + ">";
    }
    return "<" + Hashes.sha256Hex(raw) + "@" + SYNTHETIC_DOMAIN + ">";
  }

  static List<String> references(String inReplyTo, String references) {
    Set<String> out = new LinkedHashSet<>();
    if (inReplyTo != null) MSG_ID.matcher(inReplyTo.replaceAll("\\s+", "")).results().forEach(r -> out.add(r.group()));
    if (references != null) {
      List<String> refs = new ArrayList<>();
      MSG_ID.matcher(references).results().forEach(r -> refs.add(r.group()));
      for (int i = refs.size() - 1; i >= 0; i--) out.add(refs.get(i));
    }
    return List.copyOf(out);
  }

  static List<String> numbers(String subject) {
    if (subject == null) return List.of();
    return NUMBER.matcher(subject).results().map(java.util.regex.MatchResult::group).distinct().toList();
  }

  private static String domainOf(String messageId) {
    int at = messageId.lastIndexOf('@');
    return at < 0 ? "" : messageId.substring(at + 1, messageId.length() - 1).toLowerCase(Locale.ROOT);
  }

  private static String rawHeader(Message msg, String name) {
    try {
      String[] v = msg.getHeader(name);
      return v == null || v.length == 0 ? null : v[0];
    } catch (Exception e) {
      return null;
    }
  }

  /** Not a mail at all: none of the headers every mail has. */
  private static boolean noHeaders(MimeMessage msg) {
    for (String h : List.of("From", "Subject", "Date", "Message-ID", "To", "Content-Type", "Received")) {
      if (rawHeader(msg, h) != null) return false;
    }
    return true;
  }

  /**
   * The first address of a header, parsed from the raw text so that an encoded display name never
   * becomes the address. Some mailers encode the whole header, address included
   * ({@code =?utf-8?b?...?=}): only when the raw text holds no address is the decoded text read.
   */
  private static InternetAddress address(String raw, String charsetHint) {
    if (raw == null || raw.isBlank()) return null;
    InternetAddress a = firstAddress(raw, true);
    if (a == null) {
      String decoded = MailText.header(raw, charsetHint);
      if (decoded != null && !decoded.equals(raw)) a = firstAddress(decoded, true);
    }
    return a != null ? a : firstAddress(raw, false);
  }

  private static InternetAddress firstAddress(String header, boolean withAt) {
    try {
      InternetAddress[] list = InternetAddress.parseHeader(header.replaceAll("\r?\n", ""), false);
      for (InternetAddress a : list) if (a.getAddress() != null && a.getAddress().contains("@")) return a;
      if (!withAt) for (InternetAddress a : list) if (a.getAddress() != null && !a.getAddress().isBlank()) return a;
    } catch (Exception ignored) {
      // fall through to the first thing that looks like an address
    }
    Matcher m = Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+").matcher(header);
    if (!m.find()) return null;
    InternetAddress a = new InternetAddress();
    a.setAddress(m.group());
    return a;
  }

  private static String displayName(String decodedFrom, InternetAddress from) {
    if (decodedFrom == null) return null;
    String s = decodedFrom.strip();
    if (from != null) {
      int lt = s.lastIndexOf('<');
      if (lt >= 0) {
        s = s.substring(0, lt);
        String withoutComments = s.replaceAll("\\([^)]*\\)", "").strip();
        if (!withoutComments.isEmpty()) s = withoutComments;
      } else if (s.contains("(") && s.endsWith(")")) {
        s = s.substring(s.indexOf('(') + 1, s.length() - 1);
      } else {
        s = s.replace(from.getAddress(), "");
      }
    }
    s = s.strip().replaceAll("^\"|\"$", "").replace("\\\"", "\"").replace("\u0000", "").strip();
    return s.isEmpty() ? null : s;
  }

  private static byte[] withoutMboxLine(byte[] raw) {
    if (raw.length < 5 || !new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equals("From ")) return raw;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n') return java.util.Arrays.copyOfRange(raw, i + 1, raw.length);
    }
    return raw;
  }

  /**
   * Jakarta Mail's leniency switches for mail as found in the wild. Jakarta Mail reads them once per
   * JVM from system properties (not from the Session), so they are set before any mail class loads:
   * by {@link io.voxgate.Main} at start and, for the tests, by the surefire configuration in pom.xml
   * ({@code JakartaMailLeniencyTest} keeps the two equal). Empty multiparts stay an error: their bytes
   * are kept as a file.
   */
  public static final Map<String, String> JAKARTA_SYSTEM_PROPERTIES = Map.of(
      "mail.mime.ignoreunknownencoding", "true",
      "mail.mime.decodeparameters", "true",
      "mail.mime.parameters.strict", "false",
      "mail.mime.uudecode.ignoreerrors", "true",
      "mail.mime.uudecode.ignoremissingbeginend", "true",
      "mail.mime.base64.ignoreerrors", "true");

  /** Sets {@link #JAKARTA_SYSTEM_PROPERTIES}; call before anything uses Jakarta Mail. */
  public static void lenientJakartaMail() {
    JAKARTA_SYSTEM_PROPERTIES.forEach(System::setProperty);
  }

  private static Properties properties() {
    Properties p = new Properties();
    p.setProperty("mail.mime.address.strict", "false"); // the one switch read from the Session
    return p;
  }

  static byte[] read(Part p) throws Exception {
    try (InputStream in = p.getInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      // unknown transfer encoding ("8bits", "plain"): the bytes as they came are the content
      byte[] raw = raw(p);
      if (raw == null) throw e;
      return raw;
    }
  }

  /** A part's content before its transfer encoding is undone; null for a part that cannot tell. */
  static byte[] raw(Part p) throws Exception {
    InputStream in = p instanceof jakarta.mail.internet.MimeBodyPart bp ? bp.getRawInputStream()
        : p instanceof MimeMessage m ? m.getRawInputStream() : null;
    if (in == null) return null;
    try (in) {
      return in.readAllBytes();
    }
  }

  static String charsetOf(Part p) {
    try {
      return new ContentType(p.getContentType()).getParameter("charset");
    } catch (Exception e) {
      Matcher m = Pattern.compile("charset\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE)
          .matcher(String.valueOf(safeType(p)));
      return m.find() ? m.group(1) : null;
    }
  }

  static String safeType(Part p) {
    try {
      return p.getContentType();
    } catch (Exception e) {
      return "application/octet-stream";
    }
  }

  static InternetHeaders headers(byte[] bytes) throws Exception {
    return new InternetHeaders(new ByteArrayInputStream(bytes));
  }
}
