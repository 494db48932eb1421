package io.voxgate.ticket.step;

import io.voxgate.config.Rules;
import io.voxgate.ticket.Severity;
import io.voxgate.ticket.TicketEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Severity from the claimed amount (below 500 general, up to 9,999 important, from 10,000 major
 * by default) and from major-case keywords (safety, injury, fire, group, media, regulator,
 * structural); the higher of the two wins and never lowers what the sender set.
 */
public final class SeverityRules implements Step {
  private final Rules rules;

  public SeverityRules(Rules rules) {
    this.rules = rules;
  }

  @Override
  public TicketEvent apply(TicketEvent e) {
    TicketEvent.Builder b = e.toBuilder();
    Severity severity = e.severity() == null ? Severity.GENERAL : e.severity();
    if (e.claimAmount() != null) {
      Severity byAmount = e.claimAmount().compareTo(rules.majorAmount()) >= 0 ? Severity.MAJOR
          : e.claimAmount().compareTo(rules.importantAmount()) >= 0 ? Severity.IMPORTANT : Severity.GENERAL;
      if (byAmount.compareTo(severity) > 0) b.matched("severity:amount:" + e.claimAmount().toPlainString());
      severity = severity.atLeast(byAmount);
    }
    String text = Keywords.fold(e.text());
    for (Map.Entry<String, List<String>> group : rules.majorKeywords().entrySet()) {
      Optional<String> hit = Keywords.firstIn(text, group.getValue());
      if (hit.isPresent()) {
        b.matched("severity:" + group.getKey() + ":" + hit.get());
        severity = Severity.MAJOR;
      }
    }
    return b.severity(severity).build();
  }
}
