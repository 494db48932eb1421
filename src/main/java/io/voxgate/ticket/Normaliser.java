package io.voxgate.ticket;

import io.voxgate.config.Rules;
import io.voxgate.ticket.step.AckDecision;
import io.voxgate.ticket.step.ClaimAmount;
import io.voxgate.ticket.step.Classify;
import io.voxgate.ticket.step.HtmlToText;
import io.voxgate.ticket.step.Language;
import io.voxgate.ticket.step.Route;
import io.voxgate.ticket.step.SeverityRules;
import io.voxgate.ticket.step.SourceCallback;
import io.voxgate.ticket.step.Step;
import io.voxgate.ticket.step.TextCleanup;
import java.util.List;

/** The ordered steps every event passes after its channel's parser. Pure. */
public final class Normaliser {
  private final List<Step> steps;

  public Normaliser(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public static Normaliser standard(Rules rules) {
    return standard(rules, java.util.Set.of());
  }

  /** @param callbackSources sources with a {@code callback_url}: told of each acknowledged ticket */
  public static Normaliser standard(Rules rules, java.util.Set<String> callbackSources) {
    return new Normaliser(List.of(
        new TextCleanup(),
        new HtmlToText(),
        new Language(),
        new ClaimAmount(rules.claimWords()),
        new Classify(rules),
        new SeverityRules(rules),
        new Route(rules),
        new AckDecision(),
        new SourceCallback(callbackSources)));
  }

  public TicketEvent apply(TicketEvent event) {
    TicketEvent e = event;
    for (Step s : steps) e = s.apply(e);
    return e;
  }
}
