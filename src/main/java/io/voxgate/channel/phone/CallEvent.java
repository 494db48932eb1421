package io.voxgate.channel.phone;

import io.vertx.core.json.JsonObject;
import io.voxgate.ticket.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What one webhook says about one call; every field but {@code callId}, {@code name} and
 * {@code at} may be null. A generic {@code newCall} sets {@code startedAt}, an {@code answer}
 * {@code answeredAt}, a {@code hangup} {@code endedAt}; a mapped call log may set all of them.
 *
 * @param at          when it happened: the sender's timestamp, else when we received it
 * @param senderTime  whether {@code at} came from the sender (then it is part of the event's identity)
 * @param direction   {@code in} or {@code out}
 * @param talkSeconds a duration the sender states (Twilio's {@code CallDuration})
 */
public record CallEvent(String callId, String name, Instant at, boolean senderTime, String direction, String from,
                        String to, Instant startedAt, Instant answeredAt, Instant endedAt, String answeredBy,
                        String cause, Long talkSeconds, String notes, String callerName, String recordingUrl,
                        String transcription) {

  public JsonObject toJson() {
    return new JsonObject().put("call_id", callId).put("name", name).put("at", str(at)).put("sender_time", senderTime)
        .put("direction", direction).put("from", from).put("to", to).put("started_at", str(startedAt))
        .put("answered_at", str(answeredAt)).put("ended_at", str(endedAt)).put("answered_by", answeredBy)
        .put("cause", cause).put("talk_seconds", talkSeconds).put("notes", notes).put("caller_name", callerName)
        .put("recording_url", recordingUrl).put("transcription", transcription);
  }

  public static CallEvent fromJson(JsonObject j) {
    return new CallEvent(j.getString("call_id"), j.getString("name"), time(j, "at"), j.getBoolean("sender_time", false),
        j.getString("direction"), j.getString("from"), j.getString("to"), time(j, "started_at"),
        time(j, "answered_at"), time(j, "ended_at"), j.getString("answered_by"), j.getString("cause"),
        j.getLong("talk_seconds"), j.getString("notes"), j.getString("caller_name"), j.getString("recording_url"),
        j.getString("transcription"));
  }

  /**
   * The event's identity: a re-delivery has the same hash even when its arrival time differs
   * (or it came once as form and once as JSON), so it is stored and shown once.
   */
  public String hash() {
    JsonObject j = toJson();
    if (!senderTime) {
      j.remove("at");
      // without a sender timestamp, the times are arrival times; only which of them is set matters
      for (String k : new String[] {"started_at", "answered_at", "ended_at"}) if (j.getValue(k) != null) j.put(k, "set");
    }
    return Hashes.sha256Hex(j.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant time(JsonObject j, String key) {
    String s = j.getString(key);
    return s == null ? null : Instant.parse(s);
  }
}
