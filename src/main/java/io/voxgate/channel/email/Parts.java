package io.voxgate.channel.email;

import io.voxgate.ticket.Attachment;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a MIME tree once: body text and HTML parts, attachments with the names a user expects,
 * and the parts of a delivery report. Not thread-safe; one instance per parse.
 */
final class Parts {
  private static final int MAX_DEPTH = 20;
  private static final Pattern UUENCODE = Pattern.compile(
      "(?m)^begin [0-7]{3,4} ([^\\r\\n]+)\\r?\\n(.*?)^end\\s*$", Pattern.DOTALL);
  private static final Pattern META_CHARSET = Pattern.compile(
      "<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAMETER = Pattern.compile("(?s);\\s*([A-Za-z0-9_.*-]+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^;]*)");
  private static final Pattern RFC2231_NAME = Pattern.compile("name\\*", Pattern.CASE_INSENSITIVE);
  private static final Map<String, String> EXTENSIONS = Map.of(
      "image/jpeg", "jpg", "image/png", "png", "image/gif", "gif", "text/html", "html", "text/plain", "txt",
      "application/pdf", "pdf", "video/quicktime", "mov", "message/delivery-status", "txt");

  /** Body segments in document order; HTML parts already as text. */
  final List<String> text = new ArrayList<>();
  final List<String> html = new ArrayList<>();
  final List<Attachment> attachments = new ArrayList<>();
  final List<InternetHeaders> deliveryStatus = new ArrayList<>();
  final List<String> returnedIds = new ArrayList<>();
  String firstCharset;
  /** {@code report-type} of a {@code multipart/report}: {@code delivery-status} (bounce), {@code disposition-notification} (read receipt). */
  String reportType;
  private final Session session;
  private final Set<String> names = new HashSet<>();

  Parts(Session session) {
    this.session = session;
  }

  void walk(Part p) throws Exception {
    walk(p, 0, false);
  }

  private void walk(Part p, int depth, boolean inReport) throws Exception {
    if (depth > MAX_DEPTH) throw new IllegalStateException("MIME parts nested deeper than " + MAX_DEPTH);
    ContentType ct = contentType(p);
    String type = ct.getBaseType().toLowerCase(Locale.ROOT);
    String charset = ct.getParameter("charset");
    if (firstCharset == null && charset != null && type.startsWith("text/")) firstCharset = charset;
    if (type.startsWith("multipart/")) {
      boolean isReport = type.equals("multipart/report");
      if (isReport && reportType == null) reportType = MailFilters.lower(ct.getParameter("report-type"));
      Object content;
      try {
        content = p.getContent();
        if (content instanceof Multipart m) m.getCount();
      } catch (jakarta.mail.MessagingException e) {
        content = null;
      }
      if (!(content instanceof Multipart) && ct.getParameter("boundary") != null) {
        // a header Jakarta Mail refuses (e.g. an unquoted boundary with '='), read with what we parsed
        try {
          content = new MimeMultipart(new ByteArrayDataSource(rawContent(p), ct.toString()));
          ((Multipart) content).getCount();
        } catch (jakarta.mail.MessagingException e) {
          content = null;
        }
      }
      if (content == null) {
        // e.g. no start boundary: nothing is lost, the bytes become a file
        add("file", "application/octet-stream", rawContent(p));
        return;
      }
      if (!(content instanceof Multipart mp)) {
        attach(p, type, filename(p, firstCharset));
        return;
      }
      if (type.equals("multipart/alternative")) {
        alternative(mp, depth);
        return;
      }
      for (int i = 0; i < mp.getCount(); i++) walk(mp.getBodyPart(i), depth + 1, inReport || isReport);
      return;
    }
    String filename = filename(p, firstCharset);
    boolean attachmentDisposition = Part.ATTACHMENT.equalsIgnoreCase(disposition(p));
    if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
      reportType = "delivery-status"; // a DSN part makes a bounce even outside multipart/report
      byte[] bytes = MailParser.read(p);
      for (String block : new String(bytes, StandardCharsets.ISO_8859_1).split("\\r?\\n\\s*\\r?\\n")) {
        if (!block.isBlank()) deliveryStatus.add(MailParser.headers((block.strip() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
      }
      add(filename != null ? filename : described(p, ".txt", "delivery-status.txt"), type, bytes);
      return;
    }
    if (type.equals("message/disposition-notification") && reportType == null) {
      reportType = "disposition-notification"; // a read receipt, even under a report-type we cannot read
    }
    if (type.equals("message/rfc822") || type.equals("message/global")) {
      byte[] bytes = MailParser.read(p);
      MimeMessage inner = new MimeMessage(session, new ByteArrayInputStream(bytes));
      if (inner.getMessageID() != null) returnedIds.add(MailParser.messageId(inner.getMessageID(), bytes));
      String subject = MailText.header(inner.getHeader("Subject", null), firstCharset);
      String name = filename != null ? filename : subject != null && !subject.isBlank()
          ? subject.strip().replaceAll("[\\\\/\\r\\n]", "_") + ".eml" : described(p, ".eml", "Mail.eml");
      add(name, type, bytes);
      return;
    }
    if (type.equals("text/rfc822-headers")) {
      byte[] bytes = MailParser.read(p);
      String id = MailParser.headers(bytes).getHeader("Message-ID", null);
      if (id != null) returnedIds.add(MailParser.messageId(id, bytes));
      add(filename != null ? filename : "rfc822-headers.txt", type, bytes);
      return;
    }
    boolean bodyText = (type.equals("text/plain") || type.equals("text/html") || type.equals("text"))
        && filename == null && !attachmentDisposition;
    if (bodyText) {
      byte[] bytes = MailParser.read(p);
      if (type.equals("text/html")) {
        String h = MailText.decode(bytes, charset != null ? charset : metaCharset(bytes));
        html.add(h);
        text.add(io.voxgate.ticket.step.HtmlToText.toText(h));
      } else {
        text.add(uudecoded(MailText.decode(bytes, charset)));
      }
      return;
    }
    attach(p, type, filename);
  }

  /** The richest readable alternative: plain text for the body, HTML kept as the original. */
  private void alternative(Multipart mp, int depth) throws Exception {
    List<Parts> subs = new ArrayList<>();
    for (int i = 0; i < mp.getCount(); i++) {
      Parts sub = new Parts(session);
      sub.firstCharset = firstCharset;
      sub.names.addAll(names);
      sub.walk(mp.getBodyPart(i), depth + 1, false);
      subs.add(sub);
    }
    // like Zammad: the HTML alternative (as text, original kept) when it has content, else plain text
    Parts withHtml = subs.stream().filter(s -> s.text.stream().anyMatch(t -> !t.isBlank()) && !s.html.isEmpty())
        .reduce((a, b) -> b).orElse(null);
    Parts withText = subs.stream().filter(s -> s.text.stream().anyMatch(t -> !t.isBlank())).findFirst().orElse(null);
    Parts chosen = withHtml != null ? withHtml : withText;
    if (chosen != null) {
      text.addAll(chosen.text);
      html.addAll(chosen.html);
    }
    Set<String> seen = new HashSet<>();
    for (Parts s : subs) {
      if (firstCharset == null) firstCharset = s.firstCharset;
      for (Attachment a : s.attachments) if (seen.add(a.sha256())) add(a.filename(), a.mediaType(), a.content());
    }
  }

  /** @param name the part's file name, null when it has none */
  private void attach(Part p, String type, String name) throws Exception {
    add(name != null ? name : fallbackName(p, type), type, MailParser.read(p));
  }

  private void add(String name, String type, byte[] bytes) {
    attachments.add(Attachment.of(unique(name), type, bytes));
  }

  /** Text with uuencoded files (old mailers put them inline) cut out and kept as attachments. */
  private String uudecoded(String body) {
    if (!body.contains("begin ")) return body;
    Matcher m = UUENCODE.matcher(body);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      try (var in = MimeUtility.decode(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.ISO_8859_1)),
          "uuencode")) {
        add(m.group(1).strip(), "application/octet-stream", in.readAllBytes());
        out.append(body, last, m.start());
        last = m.end();
      } catch (Exception e) {
        // not really uuencoded: leave the text as it is
      }
    }
    out.append(body.substring(last));
    return out.toString();
  }

  private String unique(String name) {
    if (names.add(name)) return name;
    int dot = name.indexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 1; ; i++) {
      String n = base + i + ext;
      if (names.add(n)) return n;
    }
  }

  /** @param hint the charset of raw 8-bit bytes in a plain (not RFC 2231) name, as for headers */
  static String filename(Part p, String hint) {
    String name = null;
    try {
      name = p.getFileName();
    } catch (Exception ignored) {
      // malformed parameter list: try the raw header below
    }
    if (name == null) {
      try {
        String ct = p.getContentType();
        Matcher m = Pattern.compile("name\\s*=\\s*\"?([^\";]+)", Pattern.CASE_INSENSITIVE).matcher(ct == null ? "" : ct);
        if (m.find()) name = m.group(1);
      } catch (Exception ignored) {
        // no name at all
      }
    }
    if (name == null) return null;
    // an RFC 2231 name (name*=) Jakarta Mail has decoded; a plain one may hold raw GBK or Latin bytes
    String decoded = rfc2231(p) ? MailText.decoded(name) : MailText.header(name, hint);
    decoded = decoded == null ? null : decoded.strip();
    return decoded == null || decoded.isEmpty() ? null : decoded;
  }

  private static boolean rfc2231(Part p) {
    try {
      for (String h : new String[] {"Content-Disposition", "Content-Type"}) {
        String[] v = p.getHeader(h);
        if (v != null && v.length > 0 && RFC2231_NAME.matcher(v[0]).find()) return true;
      }
    } catch (Exception ignored) {
      // no headers to look at: a plain name
    }
    return false;
  }

  private static String described(Part p, String ext, String fallback) {
    try {
      String[] d = p.getHeader("Content-Description");
      if (d != null && d.length > 0 && !d[0].isBlank()) return MailText.header(d[0], null).strip() + ext;
    } catch (Exception ignored) {
      // use the fallback
    }
    return fallback;
  }

  /** The part's content as it came, before its transfer encoding is undone; empty when it has none. */
  private static byte[] rawContent(Part p) throws Exception {
    byte[] raw = MailParser.raw(p);
    return raw == null ? new byte[0] : raw;
  }

  private static String fallbackName(Part p, String type) {
    try {
      String[] loc = p.getHeader("Content-Location");
      if (loc != null && loc.length > 0 && !loc[0].isBlank()) {
        String l = loc[0].strip();
        return l.substring(l.lastIndexOf('/') + 1);
      }
    } catch (Exception ignored) {
      // use the type
    }
    String ext = EXTENSIONS.get(type);
    String described = described(p, "", null);
    if (described != null && !type.startsWith("image/")) return described + (ext != null ? "." + ext : "");
    if (type.startsWith("image/")) return "image." + (ext != null ? ext : type.substring(6));
    if (type.startsWith("video/")) return "video." + (ext != null ? ext : type.substring(6));
    if (type.equals("text/html")) return "document.html";
    if (type.equals("application/ms-tnef")) return "winmail.dat";
    return ext != null ? "file." + ext : "file";
  }

  private static ContentType contentType(Part p) {
    String raw = MailParser.safeType(p);
    try {
      return new ContentType(raw == null ? "text/plain" : raw);
    } catch (Exception e) {
      String base = raw == null ? "" : raw.split(";")[0].strip();
      try {
        ContentType ct = new ContentType(base.contains("/") ? base : "application/octet-stream");
        // parameters as senders write them: unquoted values with '=' or spaces, up to the next ';'
        Matcher m = PARAMETER.matcher(raw == null ? "" : raw);
        while (m.find()) {
          String v = m.group(2).strip();
          if (v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
          ct.setParameter(m.group(1).toLowerCase(Locale.ROOT), v);
        }
        String cs = MailParser.charsetOf(p);
        if (cs != null) ct.setParameter("charset", cs);
        return ct;
      } catch (Exception e2) {
        return new ContentType("application", "octet-stream", null);
      }
    }
  }

  private static String disposition(Part p) {
    try {
      return p.getDisposition();
    } catch (Exception e) {
      return null;
    }
  }

  private static String metaCharset(byte[] bytes) {
    Matcher m = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1));
    return m.find() ? m.group(1) : null;
  }

}
