package io.voxgate.ticket.step;

import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.TicketEvent;

/**
 * How the customer hears back: email where we have an address, else SMS to a phone, else a
 * postal reply for letters; a decision already made by the channel (e.g. auto-reply) stands.
 */
public final class AckDecision implements Step {
  @Override
  public TicketEvent apply(TicketEvent e) {
    if (e.ack().via() != null) return e;
    AckPlan plan;
    if (e.channel() == Channel.WEBFORM && e.customer().email() != null && e.customer().phone() != null) {
      plan = AckPlan.sendEach("email", "sms"); // the form asked for both: the customer hears back on both
    } else if (e.customer().email() != null) plan = AckPlan.send("email");
    else if (e.customer().phone() != null) plan = AckPlan.send("sms");
    else if (e.channel() == Channel.LETTER) plan = AckPlan.send("postal");
    else plan = AckPlan.suppressed("no_contact");
    return e.toBuilder().ack(plan).build();
  }
}
