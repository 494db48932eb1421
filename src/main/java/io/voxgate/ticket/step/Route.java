package io.voxgate.ticket.step;

import io.voxgate.config.Rules;
import io.voxgate.ticket.TicketEvent;

/** Picks the department: the first configured rule whose every condition holds, else the default. */
public final class Route implements Step {
  private final Rules rules;

  public Route(Rules rules) {
    this.rules = rules;
  }

  @Override
  public TicketEvent apply(TicketEvent e) {
    if (e.department() != null) return e;
    String text = Keywords.fold(e.text());
    for (int i = 0; i < rules.routes().size(); i++) {
      Rules.Route r = rules.routes().get(i);
      if (holds(r, e, text)) {
        return e.toBuilder().department(r.department()).matched("route:" + i + ":" + r.department()).build();
      }
    }
    return e.toBuilder().department(rules.defaultDepartment()).build();
  }

  private static boolean holds(Rules.Route r, TicketEvent e, String text) {
    return (r.kind() == null || e.kind() != null && r.kind().equals(e.kind().wire()))
        && (r.category() == null || e.category() != null && r.category().equals(e.category().wire()))
        && (r.severity() == null || e.severity() != null && r.severity().equals(e.severity().wire()))
        && (r.channel() == null || r.channel().equals(e.channel().wire()))
        && (r.keywords().isEmpty() || Keywords.firstIn(text, r.keywords()).isPresent());
  }
}
