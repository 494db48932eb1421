package io.voxgate.channel;

import io.voxgate.ticket.TicketEvent;
import java.util.List;

/** A parser's answer: an event, or the field errors that make the input unusable. */
public sealed interface ParseResult {
  record Parsed(TicketEvent event) implements ParseResult {
  }

  record Rejected(List<FieldError> errors) implements ParseResult {
    public Rejected {
      if (errors.isEmpty()) throw new IllegalArgumentException("a rejection names at least one error");
      errors = List.copyOf(errors);
    }
  }

  static ParseResult of(TicketEvent e) {
    return new Parsed(e);
  }

  static ParseResult rejected(FieldError... errors) {
    return new Rejected(List.of(errors));
  }
}
