package io.voxgate.channel.webform;

import io.voxgate.channel.FieldError;
import io.voxgate.channel.ParseResult;
import io.voxgate.channel.Parser;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.SourceConfig;
import io.voxgate.config.WebFormOptions;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.Hashes;
import io.voxgate.ticket.Kind;
import io.voxgate.ticket.RawInput;
import io.voxgate.ticket.TicketEvent;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The web form: urlencoded, multipart or JSON with {@code submission_id, kind, name, phone, email,
 * subject, body} (+ {@code address, lang, claim_amount}, files). Pure.
 *
 * <p>A body and a way to reach the customer (phone or email) are required. The hidden
 * {@code website} field is a honeypot: people leave it empty. Without a submission id the key is
 * a hash of the fields, so a double-click does not make two tickets.
 */
public final class WebFormParser implements Parser {
  static final String HONEYPOT = "website";
  static final int MAX_SUBJECT = 200;
  static final int MAX_BODY = 20_000;
  static final int MAX_NAME = 100;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[^@\\s<>\"]+\\.[^@\\s<>\".]{2,}");
  private static final Pattern SUBMISSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Map<String, String> TYPES_BY_EXTENSION = Map.ofEntries(
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"), Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"),
      Map.entry("doc", "application/msword"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("mp4", "video/mp4"));

  @Override
  public ParseResult parse(RawRequest req, SourceConfig source) {
    FormData form;
    try {
      form = decode(req);
    } catch (FormData.FormException e) {
      return ParseResult.rejected(FieldError.invalid(e.field, e.getMessage()));
    }
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(form.fields(), errors);

    if (!f.text(HONEYPOT, 1000).isEmpty()) {
      return ParseResult.rejected(new FieldError(HONEYPOT, "spam_suspected", "this field must be left empty"));
    }
    String body = f.text("body", MAX_BODY);
    String subject = f.text("subject", MAX_SUBJECT);
    String name = f.text("name", MAX_NAME);
    String phone = normalisePhone(f.text("phone", 40), errors);
    String email = f.text("email", 254);
    String address = f.text("address", 500);
    String submissionId = f.text("submission_id", 200);
    String lang = f.text("lang", 10);
    Kind kind = kind(f.text("kind", 20), errors);
    BigDecimal claim = claim(form.fields().get("claim_amount"), errors);

    if (body.isBlank()) errors.add(FieldError.required("body", "describe the complaint or question in 'body'"));
    if (!email.isEmpty() && !EMAIL.matcher(email).matches()) errors.add(FieldError.invalid("email", "'" + email + "' is not an email address"));
    if (phone == null && email.isEmpty() && errors.stream().noneMatch(e -> e.field().equals("phone"))) {
      errors.add(FieldError.required("contact", "give a phone number or an email address so we can answer you"));
    }
    if (!submissionId.isEmpty() && !SUBMISSION_ID.matcher(submissionId).matches()) {
      errors.add(FieldError.invalid("submission_id", "use 1-128 letters, digits or . _ : -"));
    }
    if (!lang.isEmpty() && !lang.equals("zh-CN") && !lang.equals("en")) errors.add(FieldError.invalid("lang", "must be zh-CN or en"));

    List<Attachment> files = attachments(form.files(), source.webform(), errors);
    if (!errors.isEmpty()) return new ParseResult.Rejected(errors);

    if (subject.isBlank()) subject = firstLine(body);
    String externalId = submissionId.isEmpty() ? "sha256:" + contentKey(form) : submissionId;
    return ParseResult.of(TicketEvent.builder(Channel.WEBFORM, source.id(), externalId, req.receivedAt())
        .kind(kind)
        .customer(new Customer(blankToNull(name), phone, blankToNull(email), blankToNull(address)))
        .subject(subject)
        .body(body)
        .language(blankToNull(lang))
        .claimAmount(claim)
        .attachments(files)
        .raw(new RawInput(req.contentType(), req.body()))
        .build());
  }

  private static FormData decode(RawRequest req) throws FormData.FormException {
    String type = req.mediaType();
    return switch (type) {
      case "application/json" -> FormData.json(req.body());
      case "application/x-www-form-urlencoded" -> FormData.urlencoded(req.body(), charset(req.contentType()));
      case "multipart/form-data" -> FormData.multipart(req.body(), req.contentType());
      default -> throw new FormData.FormException("Content-Type",
          "send application/json, application/x-www-form-urlencoded or multipart/form-data, not '" + type + "'");
    };
  }

  private static Charset charset(String contentType) {
    int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (at < 0) return StandardCharsets.UTF_8;
    try {
      return Charset.forName(contentType.substring(at + 8).split(";")[0].trim().replace("\"", ""));
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static Kind kind(String s, List<FieldError> errors) {
    if (s.isEmpty()) return null;
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "complaint", "投诉" -> Kind.COMPLAINT;
      case "enquiry", "inquiry", "咨询" -> Kind.ENQUIRY;
      case "report", "举报" -> Kind.REPORT;
      default -> {
        errors.add(FieldError.invalid("kind", "must be complaint, enquiry or report"));
        yield null;
      }
    };
  }

  private static BigDecimal claim(Object v, List<FieldError> errors) {
    if (v == null || "".equals(v)) return null;
    try {
      BigDecimal d = new BigDecimal(String.valueOf(v).replace(",", "").trim());
      if (d.signum() < 0) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      errors.add(FieldError.invalid("claim_amount", "must be a non-negative amount such as 1200.50"));
      return null;
    }
  }

  private static String normalisePhone(String raw, List<FieldError> errors) {
    if (raw.isEmpty()) return null;
    String p = raw.replaceAll("[\\s()\\-.]", "");
    if (!p.matches("\\+?\\d{5,20}")) {
      errors.add(FieldError.invalid("phone", "'" + raw + "' is not a phone number"));
      return null;
    }
    return p;
  }

  private static List<Attachment> attachments(List<FormData.FilePart> parts, WebFormOptions limits,
                                              List<FieldError> errors) {
    List<Attachment> out = new ArrayList<>();
    if (parts.size() > limits.maxFiles()) {
      errors.add(new FieldError("attachments", "too_large", "at most " + limits.maxFiles() + " files may be attached"));
      return out;
    }
    long total = 0;
    for (FormData.FilePart p : parts) {
      String filename = Attachment.safeName(p.filename());
      String type = mediaType(p.mediaType(), filename);
      total += p.content().length;
      if (p.content().length > limits.maxFileBytes()) {
        errors.add(new FieldError(p.field(), "too_large",
            "'" + filename + "' is larger than " + limits.maxFileBytes() + " bytes"));
      } else if (!limits.allowedTypes().contains(type)) {
        errors.add(new FieldError(p.field(), "unsupported_type", "'" + filename + "' is of type " + type
            + ", which is not accepted"));
      } else {
        out.add(Attachment.of(filename, type, p.content()));
      }
    }
    if (total > limits.maxTotalBytes()) {
      errors.add(new FieldError("attachments", "too_large", "attachments together exceed " + limits.maxTotalBytes() + " bytes"));
    }
    return out;
  }

  private static String mediaType(String declared, String filename) {
    if (declared != null && !declared.isBlank() && !declared.equals("application/octet-stream")) return declared;
    int dot = filename.lastIndexOf('.');
    String ext = dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES_BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
  }

  private static String contentKey(FormData form) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(form.fields()).forEach((k, v) -> sb.append(k).append('\u0000').append(v).append('\u0001'));
    for (FormData.FilePart p : form.files()) sb.append(p.filename()).append('\u0000').append(Hashes.sha256Hex(p.content()));
    return Hashes.sha256Hex(sb.toString());
  }

  private static String firstLine(String body) {
    String line = body.strip().lines().findFirst().orElse("");
    return line.length() > 60 ? line.substring(0, 60) + "…" : line;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Text fields with type and length checks that record errors instead of throwing. */
  private record Fields(Map<String, Object> values, List<FieldError> errors) {
    String text(String name, int max) {
      Object v = values.get(name);
      if (v == null) return "";
      if (!(v instanceof String s)) {
        errors.add(FieldError.invalid(name, "must be text"));
        return "";
      }
      String t = s.strip();
      if (t.length() > max) {
        errors.add(new FieldError(name, "too_long", "is longer than " + max + " characters"));
        return "";
      }
      return t;
    }
  }
}
