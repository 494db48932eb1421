package io.voxgate.channel.phone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.PhoneOptions;
import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.ClockStart;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.RawInput;
import io.voxgate.ticket.TicketEvent;
import io.voxgate.ticket.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's ticket content from its merged state: the caller as customer (E.164 where readable),
 * the agent's notes and any transcriptions as body, a short call summary, and for a missed
 * inbound call the flag {@value #CALLBACK_FLAG} with a {@code callback} clock. The acknowledgement
 * of an inbound call waits until the call has ended or is known to be missed; an outbound call
 * (we called the customer) gets none. Pure.
 */
public final class CallTickets {
  public static final String CALLBACK_FLAG = "callback_needed";
  static final String ACTOR = "phone";

  private CallTickets() {
  }

  /** @param receivedAt when the first event of the call reached us (the ticket's receipt) */
  public static TicketEvent event(String source, PhoneOptions opt, CallState s, Instant receivedAt, Instant now,
                                  RawInput raw, List<Attachment> attachments) {
    boolean missed = s.missed(now, opt.ringTimeout());
    String rawNumber = s.customerNumber();
    String number = PhoneNumbers.e164(rawNumber).orElse(usable(rawNumber) ? rawNumber : null);
    TicketEvent.Builder b = TicketEvent.builder(Channel.PHONE, source, s.callId(), receivedAt)
        .customer(new Customer(s.callerName(), number, null, null))
        .subject(subject(s, missed, number))
        .body(body(s, missed, number))
        .raw(raw)
        .attachments(attachments);
    if (missed) {
      b.flag(CALLBACK_FLAG).clock(new ClockStart("callback", receivedAt.plus(opt.callbackWithin())));
    } else if (!s.inbound()) {
      b.ack(AckPlan.suppressed("outbound_call")); // we called them: nothing to acknowledge
    } else if (!s.ended()) {
      b.ack(AckPlan.held());
    }
    return b.build();
  }

  /** The flags a revision takes away: the callback flag once the call turns out answered. */
  public static java.util.Set<String> clearedFlags(CallState s, PhoneOptions opt, Instant now) {
    return s.missed(now, opt.ringTimeout()) ? java.util.Set.of() : java.util.Set.of(CALLBACK_FLAG);
  }

  /** What {@code e} adds to the call's history, told with what the merged state now knows. */
  public static List<TimelineEntry> entries(CallEvent e, CallState s) {
    List<TimelineEntry> out = new ArrayList<>();
    if (e.startedAt() != null) {
      out.add(new TimelineEntry(e.startedAt(), "call_ringing", ACTOR, new JsonObject().put("call_id", s.callId())
          .put("direction", s.inbound() ? "in" : "out").put("from", e.from()).put("to", e.to())));
    }
    if (e.answeredBy() != null || e.answeredAt() != null) {
      Instant at = e.answeredAt() != null ? e.answeredAt() : e.at();
      out.add(new TimelineEntry(at, "call_answered", ACTOR, new JsonObject().put("by", e.answeredBy())
          .put("talk_seconds", s.ended() ? s.talkSeconds() : null)));
    }
    if (e.endedAt() != null) {
      out.add(new TimelineEntry(e.endedAt(), "call_ended", ACTOR, new JsonObject().put("cause", s.cause())
          .put("answered", s.answered()).put("talk_seconds", s.talkSeconds()).put("ring_seconds", s.ringSeconds())));
    }
    if (e.recordingUrl() != null) {
      out.add(new TimelineEntry(e.at(), "call_recording", ACTOR, new JsonObject().put("url", e.recordingUrl())));
    }
    if (e.transcription() != null) {
      out.add(new TimelineEntry(e.at(), "call_transcription", ACTOR,
          new JsonObject().put("chars", e.transcription().length())));
    }
    if (e.notes() != null) {
      out.add(new TimelineEntry(e.at(), "call_notes", ACTOR, new JsonObject().put("chars", e.notes().length())));
    }
    return out;
  }

  /** The history entry of a call found missed because it rang too long. */
  public static TimelineEntry ringTimedOut(CallState s, Instant now) {
    return new TimelineEntry(now, "call_missed", ACTOR, new JsonObject().put("reason", "ring_timeout")
        .put("ring_seconds", java.time.Duration.between(s.startedAt(), now).toSeconds()));
  }

  static JsonObject summary(CallState s) {
    return new JsonObject().put("direction", s.inbound() ? "in" : "out").put("answered", s.answered())
        .put("answered_by", s.answeredBy()).put("cause", s.cause()).put("talk_seconds", s.talkSeconds())
        .put("recordings", new JsonArray(s.recordings()));
  }

  private static String subject(CallState s, boolean missed, String number) {
    String who = number == null ? "未知号码 / unknown number" : number;
    if (!s.inbound()) return "去电 / Call to " + who;
    if (missed) return "未接来电，需回电 / Missed call, call back: " + who;
    return "来电 / Call from " + who;
  }

  private static String body(CallState s, boolean missed, String number) {
    StringBuilder b = new StringBuilder();
    if (s.notes() != null) b.append(s.notes().strip()).append("\n\n");
    for (String t : s.transcriptions()) b.append("转写 / Transcription:\n").append(t.strip()).append("\n\n");
    b.append("通话 / Call ").append(s.callId()).append(": ").append(s.inbound() ? "呼入 inbound" : "呼出 outbound");
    if (s.customerNumber() != null) b.append(", ").append(s.inbound() ? "from " : "to ").append(s.customerNumber());
    if (number != null && !number.equals(s.customerNumber())) b.append(" (").append(number).append(')');
    b.append('\n');
    if (s.answered()) b.append("接听 / Answered").append(s.answeredBy() == null ? "" : " by " + s.answeredBy()).append('\n');
    else if (s.answeredBy() != null) b.append("应答 / Taken by ").append(s.answeredBy()).append('\n');
    if (s.ended()) {
      b.append("结束 / Ended: ").append(s.cause() == null ? "unknown" : s.cause());
      Long talk = s.talkSeconds();
      if (talk != null) b.append(", 通话时长 / duration ").append(talk).append(" s");
      b.append('\n');
    }
    if (missed) b.append("未接通，需回电 / Not answered: call back\n");
    return b.toString().strip();
  }

  private static boolean usable(String raw) {
    return raw != null && raw.chars().anyMatch(Character::isDigit);
  }
}
