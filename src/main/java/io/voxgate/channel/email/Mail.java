package io.voxgate.channel.email;

import io.voxgate.ticket.TicketEvent;
import java.util.List;

/**
 * A parsed mail: the ticket event plus what the threading and loop rules need.
 *
 * @param messageId    the Message-ID with angle brackets, or a synthetic {@code <sha256@voxgate.invalid>}
 * @param references   In-Reply-To and References ids, with angle brackets, nearest first
 * @param numbers      ticket numbers named in the subject
 * @param senders      lower-case From and Reply-To addresses, for the "is this the customer" check
 * @param bounce       the delivery report, when the mail is one; null otherwise
 * @param ownLoop      the mail carries our own Message-ID domain or loop header
 */
public record Mail(TicketEvent event, String messageId, List<String> references, List<String> numbers,
                   List<String> senders, Bounce bounce, boolean ownLoop) {

  public Mail {
    references = List.copyOf(references);
    numbers = List.copyOf(numbers);
    senders = List.copyOf(senders);
  }

  /** Delivery failure details: permanent ({@code 5.x.x}/failed) or not, who failed, which mail bounced. */
  public record Bounce(boolean hard, List<String> recipients, List<String> originalIds, String status) {
    public Bounce {
      recipients = List.copyOf(recipients);
      originalIds = List.copyOf(originalIds);
    }
  }

  /** An automatic mail (auto-reply, bounce, bulk, our own loop) that must never be answered or reopen a ticket. */
  public boolean automatic() {
    return event.ack().suppressed() && MailFilters.REASONS.contains(event.ack().suppressedReason());
  }
}
