package io.voxgate.dispatch;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One claimed outbox row with what its message needs from the ticket. */
public record OutboxItem(long id, UUID ticketId, String purpose, String via, int attempts, String recipient,
                         JsonObject payload, String number, String kind, String channel, String externalId,
                         Instant receivedAt, Instant ticketCreatedAt, String customerName, String customerEmail,
                         String customerPhone, String language, String subject, String department, String severity,
                         String complexity, List<String> flags, List<String> earlierMessageIds) {

  /** Messages the customer gets; the rest go to staff. */
  public boolean toCustomer() {
    return purpose.equals("ack") || purpose.equals("reply");
  }

  static OutboxItem from(Row r) {
    String[] flags = r.getArrayOfStrings("flags");
    String[] earlier = r.getArrayOfStrings("earlier_ids");
    return new OutboxItem(r.getLong("id"), r.getUUID("ticket_id"), r.getString("purpose"), r.getString("via"),
        r.getInteger("attempts"), r.getString("recipient"), r.getJsonObject("payload"), r.getString("number"),
        r.getString("kind"), r.getString("channel"), r.getString("external_id"),
        r.getOffsetDateTime("received_at").toInstant(), r.getOffsetDateTime("ticket_created_at").toInstant(),
        r.getString("customer_name"), r.getString("customer_email"), r.getString("customer_phone"),
        r.getString("language"), r.getString("subject"), r.getString("department"), r.getString("severity"),
        r.getString("complexity"), flags == null ? List.of() : Arrays.asList(flags),
        earlier == null ? List.of() : Arrays.asList(earlier));
  }
}
