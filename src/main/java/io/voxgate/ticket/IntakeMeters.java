package io.voxgate.ticket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@code voxgate_intake_total{channel,source,outcome}} and {@code voxgate_intake_seconds{channel}}. */
public final class IntakeMeters {
  private final MeterRegistry registry;

  public IntakeMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @param outcome created, duplicate, rejected, unauthorized, unavailable or failed */
  public void count(Channel channel, String source, String outcome) {
    Counter.builder("voxgate.intake").description("Intake requests by outcome")
        .tags("channel", channel.wire(), "source", source, "outcome", outcome)
        .register(registry).increment();
  }

  public void latency(Channel channel, Duration d) {
    Timer.builder("voxgate.intake.latency").description("Time from request to committed ticket")
        .tags("channel", channel.wire())
        .publishPercentileHistogram()
        .register(registry).record(d);
  }
}
