package io.voxgate.channel.phone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * All events of one call merged, whatever their arrival order and however often each came:
 * the earliest start and answer, the latest end and its cause. A call answered only by a
 * voicemail counts as not answered. Pure.
 */
public record CallState(String callId, String direction, String from, String to, String callerName, Instant firstAt,
                        Instant startedAt, Instant answeredAt, Instant endedAt, String answeredBy, String cause,
                        Long statedTalkSeconds, String notes, List<String> recordings, List<String> transcriptions) {

  private static final Set<String> MACHINES = Set.of("voicemail", "machine_start", "machine_end_beep",
      "machine_end_silence", "machine_end_other", "fax");

  public static CallState merge(List<CallEvent> events) {
    if (events.isEmpty()) throw new IllegalArgumentException("a call has at least one event");
    List<CallEvent> byTime = new ArrayList<>(events);
    byTime.sort(Comparator.comparing(CallEvent::at));
    String direction = null, from = null, to = null, name = null, answeredBy = null, cause = null, notes = null;
    Instant first = null, started = null, answered = null, ended = null;
    Long talk = null;
    List<String> recordings = new ArrayList<>();
    List<String> transcriptions = new ArrayList<>();
    for (CallEvent e : byTime) {
      first = min(first, e.at());
      if (direction == null) direction = e.direction();
      if (from == null) from = e.from();
      if (to == null) to = e.to();
      if (name == null) name = e.callerName();
      started = min(started, e.startedAt());
      boolean machine = e.answeredBy() != null && MACHINES.contains(e.answeredBy().toLowerCase());
      if (machine && answeredBy == null) answeredBy = e.answeredBy();
      if (!machine && e.answeredAt() != null) {
        if (answered == null || e.answeredAt().isBefore(answered)) answered = e.answeredAt();
        if (e.answeredBy() != null && (answeredBy == null || MACHINES.contains(answeredBy.toLowerCase()))) answeredBy = e.answeredBy();
      }
      if (e.endedAt() != null && (ended == null || !e.endedAt().isBefore(ended))) {
        ended = e.endedAt();
        if (e.cause() != null) cause = e.cause();
      }
      if (e.talkSeconds() != null) talk = e.talkSeconds();
      if (e.notes() != null) notes = e.notes();
      if (e.recordingUrl() != null && !recordings.contains(e.recordingUrl())) recordings.add(e.recordingUrl());
      if (e.transcription() != null && !transcriptions.contains(e.transcription())) transcriptions.add(e.transcription());
    }
    return new CallState(events.get(0).callId(), direction, from, to, name, first, started == null ? first : started,
        answered, ended, answeredBy, cause, talk, notes, List.copyOf(recordings), List.copyOf(transcriptions));
  }

  public boolean inbound() {
    return !"out".equals(direction);
  }

  /** Somebody (not a machine) took the call. */
  public boolean answered() {
    return answeredAt != null;
  }

  public boolean ended() {
    return endedAt != null;
  }

  /**
   * An inbound call nobody answered: it ended unanswered (any cause but {@code forwarded}), or
   * it has been ringing longer than {@code ringTimeout} at {@code now}.
   */
  public boolean missed(Instant now, Duration ringTimeout) {
    if (!inbound() || answered()) return false;
    if (ended()) return !"forwarded".equals(cause);
    return !now.isBefore(startedAt.plus(ringTimeout));
  }

  /** Seconds of conversation: as stated by the sender, else from answer to end; null when unknown. */
  public Long talkSeconds() {
    if (statedTalkSeconds != null) return statedTalkSeconds;
    if (!answered() || endedAt == null || endedAt.isBefore(answeredAt)) return null;
    return Duration.between(answeredAt, endedAt).toSeconds();
  }

  /** Seconds the caller waited: from start to answer, or to the end of an unanswered call. */
  public Long ringSeconds() {
    Instant stop = answered() ? answeredAt : endedAt;
    if (stop == null || stop.isBefore(startedAt)) return null;
    return Duration.between(startedAt, stop).toSeconds();
  }

  /** The customer's number as sent: the caller of an inbound call, the callee of an outbound one. */
  public String customerNumber() {
    return inbound() ? from : to;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
