package io.voxgate.channel.phone;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.FieldError;
import io.voxgate.channel.IntakeRoutes.Parsing;
import io.voxgate.channel.RawRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Any JSON call log: the source's {@code mapping} names the path ({@code a.b}, {@code list[0].c})
 * of each field — call id, caller, callee, direction, start, answer, end, agent, outcome, notes,
 * recording URL, duration, caller name, transcription. One request may describe a whole call or
 * one moment of it. Errors name the path the sender uses. Pure.
 */
public final class MappedParser {
  private final Map<String, String> mapping;

  public MappedParser(Map<String, String> mapping) {
    this.mapping = mapping;
  }

  public Parsing<CallEvent> parse(RawRequest req) {
    JsonObject doc;
    try {
      Object v = Json.decodeValue(new String(req.body(), StandardCharsets.UTF_8));
      if (!(v instanceof JsonObject o)) return Parsing.rejected(FieldError.invalid(null, "the body must be a JSON object"));
      doc = o;
    } catch (DecodeException e) {
      return Parsing.rejected(FieldError.invalid(null, "the body is not valid JSON"));
    }
    String callId = text(doc, "call_id");
    if (callId == null) return Parsing.rejected(FieldError.required(mapping.get("call_id"), mapping.get("call_id") + " (the call id) is required"));
    Instant[] times = new Instant[3];
    String[] keys = {"start", "answer", "end"};
    for (int i = 0; i < 3; i++) {
      String raw = text(doc, keys[i]);
      Optional<Instant> t = Params.time(raw);
      if (raw != null && t.isEmpty()) return Parsing.rejected(FieldError.invalid(mapping.get(keys[i]),
          mapping.get(keys[i]) + " must be a time (ISO-8601, epoch seconds or yyyy-MM-dd HH:mm:ss), got '" + raw + "'"));
      times[i] = t.orElse(null);
    }
    String direction = text(doc, "direction");
    if (direction != null) {
      direction = direction(direction);
      if (direction == null) return Parsing.rejected(FieldError.invalid(mapping.get("direction"),
          mapping.get("direction") + " must be in/inbound/呼入 or out/outbound/呼出, got '" + text(doc, "direction") + "'"));
    }
    Long duration = null;
    String d = text(doc, "duration");
    if (d != null) {
      try {
        duration = Math.round(Double.parseDouble(d));
      } catch (NumberFormatException e) {
        return Parsing.rejected(FieldError.invalid(mapping.get("duration"), mapping.get("duration") + " must be seconds"));
      }
    }
    String cause = cause(text(doc, "outcome"));
    Instant answered = times[1];
    if (answered == null && times[2] != null && duration != null && duration > 0 && "normalClearing".equals(cause)) {
      answered = times[2].minusSeconds(duration);
    }
    boolean timed = times[0] != null || times[1] != null || times[2] != null;
    Instant at = times[2] != null ? times[2] : times[1] != null ? times[1] : times[0] != null ? times[0] : req.receivedAt();
    return Parsing.ok(new CallEvent(callId, "log", at, timed, direction, text(doc, "caller"), text(doc, "callee"),
        times[0], answered, times[2], text(doc, "agent"), cause, duration, text(doc, "notes"), text(doc, "caller_name"),
        text(doc, "recording_url"), text(doc, "transcription")));
  }

  private String text(JsonObject doc, String field) {
    String path = mapping.get(field);
    if (path == null) return null;
    Object v = doc;
    for (String part : path.split("\\.")) {
      String key = part;
      Integer index = null;
      int b = part.indexOf('[');
      if (b > 0 && part.endsWith("]")) {
        key = part.substring(0, b);
        try {
          index = Integer.parseInt(part.substring(b + 1, part.length() - 1));
        } catch (NumberFormatException e) {
          return null;
        }
      }
      if (!(v instanceof JsonObject o)) return null;
      v = o.getValue(key);
      if (index != null) v = v instanceof JsonArray a && index < a.size() ? a.getValue(index) : null;
    }
    if (v == null || v instanceof JsonObject || v instanceof JsonArray) return null;
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? null : s;
  }

  static String direction(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "in", "inbound", "incoming", "呼入", "来电" -> "in";
      case "out", "outbound", "outgoing", "呼出", "去电" -> "out";
      default -> null;
    };
  }

  /** Outcome words of call logs as the generic CTI causes; anything else is kept as written. */
  static String cause(String s) {
    if (s == null) return null;
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "answered", "completed", "normalclearing", "normal", "已接", "接通" -> "normalClearing";
      case "missed", "no-answer", "noanswer", "no_answer", "unanswered", "未接", "未接通" -> "noAnswer";
      case "busy", "忙", "占线" -> "busy";
      case "cancel", "canceled", "cancelled", "abandoned", "放弃", "挂断" -> "cancel";
      case "failed", "congestion" -> "congestion";
      case "voicemail", "留言" -> "voicemail";
      default -> s.trim();
    };
  }
}
