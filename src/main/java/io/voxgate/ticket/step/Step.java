package io.voxgate.ticket.step;

import io.voxgate.ticket.TicketEvent;
import java.util.function.UnaryOperator;

/** One pure decision on an event: no I/O, same input gives the same output. */
public interface Step extends UnaryOperator<TicketEvent> {
}
