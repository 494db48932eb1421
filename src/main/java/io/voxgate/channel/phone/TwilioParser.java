package io.voxgate.channel.phone;

import io.voxgate.channel.FieldError;
import io.voxgate.channel.IntakeRoutes.Parsing;
import io.voxgate.channel.RawRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Twilio Voice webhooks (form-encoded): the incoming-call request, status callbacks
 * ({@code CallStatus} ringing, in-progress, completed, busy, no-answer, canceled, failed with
 * {@code CallDuration}), recording callbacks ({@code RecordingUrl}) and transcription callbacks
 * ({@code TranscriptionText}). The signature is checked before, by {@link TwilioSignature}. Pure.
 */
public final class TwilioParser {

  public Parsing<CallEvent> parse(RawRequest req) {
    Params p = req.mediaType().contains("json") ? Params.json(req.body()).orElse(null) : Params.form(req.body());
    if (p == null) return Parsing.rejected(FieldError.invalid(null, "the body must be form-encoded Twilio parameters"));
    String callId = p.get("CallSid");
    if (callId == null) return Parsing.rejected(FieldError.required("CallSid", "CallSid is required"));
    Optional<Instant> sent = Params.time(p.get("Timestamp"));
    Instant at = sent.orElse(req.receivedAt());
    String direction = direction(p.get("Direction"));
    String from = p.get("From", "Caller");
    String to = p.get("To", "Called");
    String name = p.get("CallerName");
    String recording = p.get("RecordingUrl");
    if (recording != null) {
      return Parsing.ok(new CallEvent(callId, "recording", at, sent.isPresent(), direction, from, to, null, null, null,
          null, null, null, null, name, recording, null));
    }
    if (p.get("TranscriptionText", "TranscriptionStatus") != null) {
      return Parsing.ok(new CallEvent(callId, "transcription", at, sent.isPresent(), direction, from, to, null, null,
          null, null, null, null, null, name, null, p.get("TranscriptionText")));
    }
    String status = p.get("CallStatus");
    if (status == null) return Parsing.rejected(FieldError.required("CallStatus", "CallStatus is required (or RecordingUrl, TranscriptionText)"));
    Long duration = null;
    if (p.get("CallDuration") != null) {
      try {
        duration = Long.parseLong(p.get("CallDuration"));
      } catch (NumberFormatException e) {
        return Parsing.rejected(FieldError.invalid("CallDuration", "CallDuration must be whole seconds"));
      }
    }
    return switch (status) {
      case "queued", "ringing", "initiated" -> Parsing.ok(new CallEvent(callId, "newCall", at, sent.isPresent(),
          direction, from, to, at, null, null, null, null, null, null, name, null, null));
      case "in-progress", "answered" -> Parsing.ok(new CallEvent(callId, "answer", at, sent.isPresent(), direction,
          from, to, null, at, null, p.get("AnsweredBy", "ForwardedFrom"), null, null, null, name, null, null));
      case "completed", "busy", "no-answer", "canceled", "failed" -> {
        String cause = switch (status) {
          case "completed" -> "normalClearing";
          case "no-answer" -> "noAnswer";
          case "canceled" -> "cancel";
          default -> status;
        };
        // a completed call with a duration was connected for that long
        Instant answered = status.equals("completed") && duration != null && duration > 0 ? at.minusSeconds(duration) : null;
        yield Parsing.ok(new CallEvent(callId, "hangup", at, sent.isPresent(), direction, from, to, null, answered, at,
            null, cause, duration, null, name, null, null));
      }
      default -> Parsing.rejected(FieldError.invalid("CallStatus", "unknown CallStatus '" + status
          + "' (known: queued, ringing, in-progress, completed, busy, no-answer, canceled, failed)"));
    };
  }

  private static String direction(String twilio) {
    if (twilio == null) return null;
    return twilio.startsWith("inbound") ? "in" : twilio.startsWith("outbound") ? "out" : null;
  }
}
