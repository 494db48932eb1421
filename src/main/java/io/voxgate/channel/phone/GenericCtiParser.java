package io.voxgate.channel.phone;

import io.voxgate.channel.FieldError;
import io.voxgate.channel.IntakeRoutes.Parsing;
import io.voxgate.channel.RawRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Zammad's generic CTI API: form-encoded or JSON events {@code newCall}, {@code answer},
 * {@code hangup} with {@code from}, {@code to}, {@code direction}, {@code callId} (or {@code call_id}),
 * {@code user}, {@code answeringNumber}, {@code cause}. Placetel's names (IncomingCall,
 * OutgoingCall, CallAccepted, HungUp with {@code type}) are understood too. Optional extensions:
 * {@code timestamp} (when it happened) and {@code notes} (the agent's call notes). Pure.
 */
public final class GenericCtiParser {
  static final List<String> EVENTS = List.of("newCall", "answer", "hangup");

  public Parsing<CallEvent> parse(RawRequest req) {
    Optional<Params> params = req.mediaType().contains("json") ? Params.json(req.body()) : Optional.of(Params.form(req.body()));
    if (params.isEmpty()) return Parsing.rejected(FieldError.invalid(null, "the body must be a JSON object"));
    Params p = params.get();
    String event = p.get("event");
    if (event == null) return Parsing.rejected(FieldError.required("event", "event is required (one of newCall, answer, hangup)"));
    String name = switch (event) {
      case "newCall", "IncomingCall", "OutgoingCall" -> "newCall";
      case "answer", "CallAccepted" -> "answer";
      case "hangup", "HungUp" -> "hangup";
      default -> null;
    };
    if (name == null) return Parsing.rejected(FieldError.invalid("event", "unknown event '" + event + "' (known: newCall, answer, hangup)"));
    String callId = p.get("callId", "call_id");
    if (callId == null) return Parsing.rejected(FieldError.required("callId", "callId (or call_id) is required"));
    String direction = p.get("direction");
    if (direction == null && event.equals("IncomingCall")) direction = "in";
    if (direction == null && event.equals("OutgoingCall")) direction = "out";
    if (direction != null) {
      direction = direction.toLowerCase(Locale.ROOT);
      if (!direction.equals("in") && !direction.equals("out")) {
        return Parsing.rejected(FieldError.invalid("direction", "direction must be in or out, got '" + p.get("direction") + "'"));
      }
    }
    String stamp = p.get("timestamp", "time");
    Optional<Instant> sent = Params.time(stamp);
    if (stamp != null && sent.isEmpty()) {
      return Parsing.rejected(FieldError.invalid("timestamp", "timestamp must be ISO-8601 or epoch seconds, got '" + stamp + "'"));
    }
    Instant at = sent.orElse(req.receivedAt());
    String cause = name.equals("hangup") ? cause(p) : null;
    String answeredBy = name.equals("answer") ? first(p.get("answeringNumber"), p.list("user")) : null;
    return Parsing.ok(new CallEvent(callId, name, at, sent.isPresent(), direction, p.get("from"), p.get("to"),
        name.equals("newCall") ? at : null, name.equals("answer") ? at : null, name.equals("hangup") ? at : null,
        answeredBy, cause, null, p.get("notes"), p.get("callerName", "caller_name"), p.get("recordingUrl"), null));
  }

  private static String cause(Params p) {
    String cause = p.get("cause");
    if (cause != null) return cause;
    String type = p.get("type");
    if (type == null) return null;
    return switch (type) { // Placetel's HungUp types
      case "missed", "voicemail" -> "cancel";
      case "accepted" -> "normalClearing";
      case "busy" -> "busy";
      default -> type;
    };
  }

  private static String first(String preferred, List<String> others) {
    return preferred != null ? preferred : others.isEmpty() ? null : others.get(0);
  }
}
