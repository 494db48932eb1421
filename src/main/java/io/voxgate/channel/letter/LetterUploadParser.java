package io.voxgate.channel.letter;

import io.voxgate.channel.MultipartText;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.FieldError;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.LetterOptions;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a letter upload: {@code multipart/form-data} with one or more files (PDF, TIFF, JPEG, PNG)
 * and optional text fields {@code batch_id, letter_id, received_date, sender_name, sender_address,
 * note} — given one by one or as a JSON object in a field named {@code metadata}. Pure: checks
 * count, size and type; image dimensions are the {@link ScanInspector}'s job.
 */
public final class LetterUploadParser {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Set<String> FIELDS = Set.of("batch_id", "letter_id", "received_date", "sender_name",
      "sender_address", "note");

  /** The upload, or the first problem as a field error. */
  public sealed interface Result {
  }

  public record Parsed(LetterUpload upload) implements Result {
  }

  public record Rejected(FieldError error) implements Result {
  }

  public Result parse(RawRequest req, LetterOptions limits) {
    if (!req.mediaType().equals("multipart/form-data")) {
      return reject("body", "unsupported_type", "send the scans as multipart/form-data, not '" + req.mediaType() + "'");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    List<ScanFile> files = new ArrayList<>();
    try {
      MimeMultipart mp = new MimeMultipart(new ByteArrayDataSource(req.body(), req.contentType()));
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart part = mp.getBodyPart(i);
        String[] disposition = part.getHeader("Content-Disposition");
        if (disposition == null) continue;
        ContentDisposition cd = new ContentDisposition(disposition[0]);
        String name = MultipartText.utf8(cd.getParameter("name"));
        String filename = MultipartText.utf8(cd.getParameter("filename"));
        if (filename == null) {
          if (name != null) fields.putIfAbsent(name, text(part));
          continue;
        }
        if (files.size() == limits.maxFiles()) {
          return reject("files", "too_large", "at most " + limits.maxFiles() + " files may be uploaded at once");
        }
        byte[] bytes = read(part, limits.maxFileBytes());
        String shown = filename.isBlank() ? "scan-" + (files.size() + 1) : filename.replaceAll("[\\\\/\\p{Cntrl}]", "_");
        if (bytes == null) {
          return reject(name, "too_large", "'" + shown + "' is larger than the limit of " + limits.maxFileBytes() + " bytes");
        }
        if (bytes.length == 0) return reject(name, "invalid", "'" + shown + "' is empty");
        String type = ScanFile.sniff(bytes);
        if (type == null) {
          return reject(name, "unsupported_type", "'" + shown + "' is not a PDF, TIFF, JPEG or PNG scan");
        }
        files.add(ScanFile.of(shown, type, bytes));
      }
    } catch (MessagingException | IOException e) {
      return reject("body", "invalid", "the multipart body could not be read: " + e.getMessage());
    }
    if (files.isEmpty()) return reject("files", "required", "upload at least one scan (PDF, TIFF, JPEG or PNG)");
    if (fields.containsKey("metadata")) {
      try {
        JsonObject m = new JsonObject(fields.remove("metadata"));
        for (String k : m.fieldNames()) if (FIELDS.contains(k) && m.getValue(k) != null) fields.putIfAbsent(k, String.valueOf(m.getValue(k)));
      } catch (DecodeException | ClassCastException e) {
        return reject("metadata", "invalid", "metadata must be a JSON object");
      }
    }
    for (String k : FIELDS) {
      String v = fields.get(k);
      if (v != null && v.length() > 500) return reject(k, "invalid", k + " is longer than 500 characters");
    }
    Instant received = req.receivedAt();
    String date = blankToNull(fields.get("received_date"));
    if (date != null) {
      try {
        received = date.length() == 10 ? LocalDate.parse(date).atStartOfDay(SHANGHAI).toInstant()
            : OffsetDateTime.parse(date).toInstant();
      } catch (DateTimeParseException e) {
        return reject("received_date", "invalid", "received_date must be a date like 2026-11-23 or an ISO date-time");
      }
      if (received.isAfter(req.receivedAt())) return reject("received_date", "invalid", "received_date is in the future");
    }
    return new Parsed(new LetterUpload(files, blankToNull(fields.get("batch_id")), blankToNull(fields.get("letter_id")),
        received, blankToNull(fields.get("sender_name")), blankToNull(fields.get("sender_address")),
        blankToNull(fields.get("note"))));
  }

  private static Rejected reject(String field, String code, String message) {
    return new Rejected(new FieldError(field, code, message));
  }

  /** The part's bytes, or null beyond {@code limit}. */
  private static byte[] read(BodyPart part, long limit) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
      return b.length > limit ? null : b;
    }
  }

  private static String text(BodyPart part) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
