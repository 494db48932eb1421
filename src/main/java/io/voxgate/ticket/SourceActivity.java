package io.voxgate.ticket;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each source's last success and last error in this gateway, for {@code /health/ready}. Thread-safe. */
public final class SourceActivity {
  /** @param lastError null when none yet */
  public record State(Instant lastSuccess, Instant lastErrorAt, String lastError, long accepted) {
  }

  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  public void success(String source, Instant at) {
    states.merge(source, new State(at, null, null, 1),
        (old, n) -> new State(at, old.lastErrorAt(), old.lastError(), old.accepted() + 1));
  }

  /** A scheduled source (mailbox, crawler) ran fine: last success moves, nothing is counted as accepted. */
  public void polled(String source, Instant at) {
    states.merge(source, new State(at, null, null, 0),
        (old, n) -> new State(at, old.lastErrorAt(), old.lastError(), old.accepted()));
  }

  public void error(String source, Instant at, String message) {
    states.merge(source, new State(null, at, message, 0),
        (old, n) -> new State(old.lastSuccess(), at, message, old.accepted()));
  }

  public Optional<State> of(String source) {
    return Optional.ofNullable(states.get(source));
  }

  public Map<String, State> all() {
    return Map.copyOf(states);
  }
}
