package io.voxgate.ticket;

import java.time.Instant;
import java.util.Objects;

/**
 * A deadline clock a channel starts with its ticket (e.g. {@code callback} for a missed call,
 * {@code forum_reply} for a forum post). The standard clocks are the dispatcher's business.
 */
public record ClockStart(String clock, Instant due) {
  public ClockStart {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(due, "due");
  }
}
