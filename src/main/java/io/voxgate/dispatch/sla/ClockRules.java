package io.voxgate.dispatch.sla;

import io.voxgate.config.GatewayConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which standard clocks a ticket gets and by which rule (DESIGN §5): ack, transfer and feedback for
 * every ticket; investigation and resolution (simple or complex) for complaints and reports;
 * return visit after resolution. Channel clocks (callback, forum_reply) have no rule here.
 */
public final class ClockRules {
  public static final String ACK = "ack";
  public static final String TRANSFER = "transfer";
  public static final String INVESTIGATION = "investigation";
  public static final String FEEDBACK = "feedback";
  public static final String RESOLUTION = "resolution";
  public static final String RETURN_VISIT = "return_visit";

  private final GatewayConfig.Deadlines d;
  private final WorkingCalendar calendar;

  public ClockRules(GatewayConfig.Deadlines deadlines, WorkingCalendar calendar) {
    this.d = deadlines;
    this.calendar = calendar;
  }

  public WorkingCalendar calendar() {
    return calendar;
  }

  public Optional<DeadlineRule> rule(String clock, String kind, String complexity) {
    return Optional.ofNullable(switch (clock) {
      case ACK -> new DeadlineRule.WallClock(d.ack());
      case TRANSFER -> d.transfer();
      case INVESTIGATION -> d.investigation();
      case FEEDBACK -> d.feedback();
      case RESOLUTION -> "complex".equals(complexity) ? d.resolutionComplex() : d.resolutionSimple();
      case RETURN_VISIT -> d.returnVisit();
      default -> null;
    });
  }

  /** The clocks a new ticket starts with, and their due times from {@code received}. */
  public Map<String, Deadline> standardClocks(String kind, String complexity, Instant received) {
    Map<String, Deadline> out = new LinkedHashMap<>();
    boolean handled = "complaint".equals(kind) || "report".equals(kind);
    for (String clock : new String[] {ACK, TRANSFER, INVESTIGATION, FEEDBACK, RESOLUTION}) {
      if (!handled && (clock.equals(INVESTIGATION) || clock.equals(RESOLUTION))) continue;
      out.put(clock, due(clock, kind, complexity, received));
    }
    return out;
  }

  public Deadline due(String clock, String kind, String complexity, Instant start) {
    return rule(clock, kind, complexity).orElseThrow().due(calendar, start, java.time.Duration.ZERO);
  }
}
