package io.voxgate.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.voxgate.config.GatewayConfig;
import io.voxgate.dispatch.sla.ClockLedger;
import io.voxgate.dispatch.sla.ClockRules;
import io.voxgate.dispatch.sla.WorkingCalendar;
import java.io.IOException;

/**
 * What the dispatcher shares with the rest of the gateway: the calendar and clock rules, the
 * {@link ClockLedger} the inbox drives, and the dispatcher's metrics. Thread-safe.
 */
public record DispatchServices(ClockRules rules, ClockLedger ledger, DispatchMetrics metrics) {

  /** Loads the calendar files named by the configuration. */
  public static DispatchServices create(GatewayConfig config, MeterRegistry registry) {
    var c = config.calendar();
    WorkingCalendar calendar;
    try {
      calendar = WorkingCalendar.load(c.dir(), c.open(), c.close());
    } catch (IOException e) {
      throw new IllegalStateException("calendar " + c.dir() + ": " + e.getMessage(), e);
    }
    ClockRules rules = new ClockRules(config.deadlines(), calendar);
    return new DispatchServices(rules, new ClockLedger(rules), new DispatchMetrics(registry));
  }

  public WorkingCalendar calendar() {
    return rules.calendar();
  }
}
