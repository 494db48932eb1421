package io.voxgate.ticket.step;

import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.TicketEvent;
import java.util.regex.Pattern;

/**
 * Removes characters no text column can hold or a reader wants: NUL and the other C0 controls
 * but tab and line breaks, and lone surrogates left by mis-decoded bytes. First of the steps, so
 * that one garbled field cannot fail a whole group commit. The raw input keeps the exact bytes.
 * Attachment names lose any path ({@link Attachment#safeName}), whatever the channel.
 */
public final class TextCleanup implements Step {
  private static final Pattern UNWANTED =
      Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]");

  @Override
  public TicketEvent apply(TicketEvent e) {
    Customer c = e.customer();
    return e.toBuilder()
        .subject(clean(e.subject()))
        .body(clean(e.body()))
        .bodyHtml(clean(e.bodyHtml()))
        .customer(new Customer(clean(c.name()), clean(c.phone()), clean(c.email()), clean(c.address())))
        .attachments(e.attachments().stream().map(a -> new Attachment(Attachment.safeName(a.filename()), clean(a.mediaType()),
            a.size(), a.sha256(), a.content())).toList())
        .build();
  }

  public static String clean(String s) {
    if (s == null) return null;
    return UNWANTED.matcher(s).replaceAll("");
  }
}
