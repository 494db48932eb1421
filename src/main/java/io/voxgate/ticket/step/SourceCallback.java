package io.voxgate.ticket.step;

import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.TicketEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A source that configured a {@code callback_url} hears of each ticket it sent that is
 * acknowledged: one more way, {@code callback}, next to the customer's. Nothing is added where
 * no acknowledgement goes out (auto-replies, forum posts, held letters).
 */
public final class SourceCallback implements Step {
  private final Set<String> sources;

  public SourceCallback(Set<String> sources) {
    this.sources = Set.copyOf(sources);
  }

  @Override
  public TicketEvent apply(TicketEvent e) {
    AckPlan plan = e.ack();
    if (!sources.contains(e.source()) || plan.suppressed() || plan.via() == null || plan.ways().contains("callback")) {
      return e;
    }
    List<String> ways = new ArrayList<>(plan.ways());
    ways.remove("none");
    ways.add("callback");
    return e.toBuilder().ack(AckPlan.sendEach(ways.toArray(String[]::new))).build();
  }
}
