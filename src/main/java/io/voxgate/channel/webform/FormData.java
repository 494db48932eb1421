package io.voxgate.channel.webform;

import io.voxgate.channel.MultipartText;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A submitted form decoded from urlencoded, multipart or JSON bytes: text fields and files.
 * Pure; decoding problems are reported as {@link FormException} naming the field.
 */
record FormData(Map<String, Object> fields, List<FilePart> files) {

  record FilePart(String field, String filename, String mediaType, byte[] content) {
  }

  static final class FormException extends Exception {
    final String field;

    FormException(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  static FormData urlencoded(byte[] body, Charset charset) throws FormException {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq), charset, null);
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1), charset, k);
      fields.putIfAbsent(k, v);
    }
    return new FormData(fields, List.of());
  }

  private static String decode(String s, Charset charset, String field) throws FormException {
    // the body was read as Latin-1 so percent-escapes and raw bytes both round-trip
    String bytes;
    try {
      bytes = URLDecoder.decode(s.replace("+", "%20"), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      throw new FormException(field, "malformed percent-encoding in " + (field == null ? "a field name" : "'" + field + "'"));
    }
    return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), charset);
  }

  static FormData multipart(byte[] body, String contentType) throws FormException {
    Map<String, Object> fields = new LinkedHashMap<>();
    List<FilePart> files = new ArrayList<>();
    try {
      MimeMultipart mp = new MimeMultipart(new ByteArrayDataSource(body, contentType));
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart part = mp.getBodyPart(i);
        String[] disposition = part.getHeader("Content-Disposition");
        if (disposition == null) continue;
        // browsers send a backslash in a file name as is (C:\Users\…), not as a MIME quoted-pair
        ContentDisposition cd = new ContentDisposition(disposition[0].replace('\\', '/'));
        String name = MultipartText.utf8(cd.getParameter("name"));
        if (name == null) continue;
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
          bytes = in.readAllBytes();
        }
        String filename = MultipartText.utf8(cd.getParameter("filename"));
        if (filename != null) {
          if (bytes.length == 0 && filename.isEmpty()) continue; // a file input left empty
          String[] type = part.getHeader("Content-Type");
          files.add(new FilePart(name, filename, type == null ? "application/octet-stream"
              : new ContentType(type[0]).getBaseType().toLowerCase(), bytes));
        } else {
          fields.putIfAbsent(name, new String(bytes, charsetOf(part)));
        }
      }
    } catch (MessagingException | IOException e) {
      throw new FormException(null, "the multipart body could not be read: " + e.getMessage());
    }
    return new FormData(fields, files);
  }

  private static Charset charsetOf(BodyPart part) throws MessagingException {
    String[] type = part.getHeader("Content-Type");
    if (type == null) return StandardCharsets.UTF_8;
    try {
      String cs = new ContentType(type[0]).getParameter("charset");
      return cs == null ? StandardCharsets.UTF_8 : Charset.forName(cs);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** JSON object of text fields; {@code attachments} is a list of {filename, media_type, content_base64}. */
  static FormData json(byte[] body) throws FormException {
    JsonObject o;
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(new String(body, StandardCharsets.UTF_8));
      if (!(parsed instanceof JsonObject obj)) throw new FormException(null, "the body must be a JSON object");
      o = obj;
    } catch (DecodeException e) {
      throw new FormException(null, "the body is not valid JSON: " + firstLine(e.getMessage()));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    List<FilePart> files = new ArrayList<>();
    for (String key : o.fieldNames()) {
      Object v = o.getValue(key);
      if ("attachments".equals(key)) {
        if (!(v instanceof JsonArray arr)) throw new FormException("attachments", "must be a list of files");
        for (int i = 0; i < arr.size(); i++) files.add(jsonFile(arr.getValue(i), "attachments[" + i + "]"));
      } else {
        fields.put(key, v);
      }
    }
    return new FormData(fields, files);
  }

  private static FilePart jsonFile(Object v, String field) throws FormException {
    if (!(v instanceof JsonObject f)) throw new FormException(field, "must be an object with filename, media_type, content_base64");
    if (!(f.getValue("filename") instanceof String name) || name.isBlank()) throw new FormException(field + ".filename", "is required");
    if (!(f.getValue("content_base64") instanceof String b64)) throw new FormException(field + ".content_base64", "is required");
    Object type = f.getValue("media_type");
    try {
      return new FilePart("attachments", name, type instanceof String t ? t.toLowerCase() : "application/octet-stream",
          Base64.getMimeDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw new FormException(field + ".content_base64", "is not valid base64");
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
