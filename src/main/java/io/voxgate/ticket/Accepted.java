package io.voxgate.ticket;

import java.util.UUID;

/** What a sender learns about its intake: the ticket, and whether this call created it. */
public record Accepted(UUID id, String number, String status, boolean created) {
}
