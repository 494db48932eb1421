package io.voxgate.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dispatcher meters ({@code voxgate_ack_latency_seconds} histogram from commit to accepted by the
 * SMTP server or SMS receiver, {@code voxgate_deadlines_missed_total{clock}},
 * {@code voxgate_dispatch_messages_total{state,purpose,via}}) and the last
 * outcome of the mail server, for {@code /health/ready}. Thread-safe.
 */
public final class DispatchMetrics {
  private final MeterRegistry registry;
  private final Timer ackLatency;
  private final AtomicReference<SmtpState> smtp = new AtomicReference<>(new SmtpState(null, null, null, 0));

  /** Last success, last failure (time and message) and failures since the last success. */
  public record SmtpState(Instant lastSuccess, Instant lastFailure, String lastError, int failuresInARow) {
  }

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ackLatency = Timer.builder("voxgate.ack.latency").description("Ticket commit to acknowledgement accepted")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofHours(1)).register(registry);
    Counter.builder("voxgate.deadlines.missed").tag("clock", "ack").description("Deadline clocks missed").register(registry);
  }

  public void ackSent(Duration latency) {
    ackLatency.record(latency.isNegative() ? Duration.ZERO : latency);
  }

  public void outcome(String state, String purpose, String via) {
    registry.counter("voxgate.dispatch.messages", "state", state, "purpose", purpose, "via", via).increment();
  }

  public void deadlineMissed(String clock) {
    registry.counter("voxgate.deadlines.missed", "clock", clock).increment();
  }

  public void smtpOk(Instant at) {
    smtp.updateAndGet(s -> new SmtpState(at, s.lastFailure(), s.lastError(), 0));
  }

  public void smtpFailed(Instant at, String error) {
    smtp.updateAndGet(s -> new SmtpState(s.lastSuccess(), at, error, s.failuresInARow() + 1));
  }

  public SmtpState smtp() {
    return smtp.get();
  }
}
