package io.voxgate.inbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;

/** The inbox API's JSON shapes of tickets, timeline entries and attachments. */
final class TicketJson {
  private TicketJson() {
  }

  static JsonObject summary(Row r) {
    JsonObject out = new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("number", r.getString("number"))
        .put("kind", r.getString("kind"))
        .put("channel", r.getString("channel"))
        .put("source", r.getString("source"))
        .put("external_id", r.getString("external_id"))
        .put("status", r.getString("status"))
        .put("severity", r.getString("severity"))
        .put("category", r.getString("category"))
        .put("department", r.getString("department"))
        .put("assignee", r.getString("assignee"))
        .put("subject", r.getString("subject"))
        .put("customer", customer(r))
        .put("claim_amount", r.getNumeric("claim_amount") == null ? null : r.getNumeric("claim_amount").bigDecimalValue().stripTrailingZeros().toPlainString())
        .put("language", r.getString("language"))
        .put("received_at", time(r.getOffsetDateTime("received_at")))
        .put("created_at", time(r.getOffsetDateTime("created_at")))
        .put("ack_state", r.getString("ack_state"))
        .put("flags", new JsonArray(List.of(r.getArrayOfStrings("flags"))))
        .put("overdue", r.getBoolean("overdue"))
        .put("complexity", r.getString("complexity"));
    // running deadline clocks by name (e.g. a missed call's callback), where the query selects them
    if (r.getColumnIndex("deadlines") >= 0) {
      Object d = r.getValue("deadlines");
      out.put("deadlines", d instanceof JsonObject j ? j : new JsonObject());
    }
    return out;
  }

  static JsonObject detail(Row r) {
    return summary(r)
        .put("body", r.getString("body"))
        .put("body_html", r.getString("body_html"))
        .put("matched_rules", new JsonArray(List.of(r.getArrayOfStrings("matched_rules"))))
        .put("updated_at", time(r.getOffsetDateTime("updated_at")))
        .put("version", r.getInteger("version"))
        .put("resolved_at", time(r.getOffsetDateTime("resolved_at")));
  }

  private static JsonObject customer(Row r) {
    JsonObject c = new JsonObject()
        .put("name", r.getString("customer_name"))
        .put("phone", r.getString("customer_phone"))
        .put("email", r.getString("customer_email"));
    if (r.getColumnIndex("customer_address") >= 0) c.put("address", r.getString("customer_address"));
    return c;
  }

  static JsonObject timelineEntry(Row r) {
    return new JsonObject()
        .put("at", time(r.getOffsetDateTime("at")))
        .put("type", r.getString("type"))
        .put("actor", r.getString("actor"))
        .put("data", r.getJsonObject("data"));
  }

  static JsonObject attachment(Row r) {
    String id = r.getUUID("id").toString();
    return new JsonObject()
        .put("id", id)
        .put("filename", r.getString("filename"))
        .put("media_type", r.getString("media_type"))
        .put("size", r.getLong("size"))
        .put("sha256", r.getString("sha256"))
        .put("url", "/api/v1/attachments/" + id);
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
