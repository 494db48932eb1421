package io.voxgate.ticket;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One entry of a ticket's history: what happened, who did it, and its details. */
public record TimelineEntry(Instant at, String type, String actor, JsonObject data) {
  public TimelineEntry {
    data = data == null ? new JsonObject() : data;
  }
}
