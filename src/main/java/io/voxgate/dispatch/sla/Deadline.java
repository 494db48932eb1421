package io.voxgate.dispatch.sla;

import java.time.Instant;

/** A computed due time; {@code provisional} when a day outside the calendar's coverage was assumed. */
public record Deadline(Instant due, boolean provisional) {
}
