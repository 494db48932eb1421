package io.voxgate.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import io.voxgate.ticket.SearchGrams;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads tickets for the inbox. Filters become bound parameters; nothing from a request is spliced into SQL. */
public final class TicketQueries {
  private final Pool pool;

  public TicketQueries(Pool pool) {
    this.pool = pool;
  }

  /** What the list endpoint was asked for, already validated. */
  public record Filter(List<String> status, List<String> kind, List<String> channel, List<String> severity,
                       List<String> category, List<String> department, OffsetDateTime from, OffsetDateTime to,
                       String q, UUID before, int limit, List<String> assignee, Boolean overdue,
                       List<String> flags, List<String> withoutFlags, List<String> ack) {
  }

  public Future<JsonObject> list(Filter f, Principal who) {
    StringBuilder sql = new StringBuilder(Sql.get("inbox/list_tickets"));
    List<Object> args = new ArrayList<>();
    any(sql, args, "status", f.status());
    any(sql, args, "kind", f.kind());
    any(sql, args, "channel", f.channel());
    any(sql, args, "severity", f.severity());
    any(sql, args, "category", f.category());
    any(sql, args, "department", f.department());
    any(sql, args, "assignee", f.assignee());
    any(sql, args, "ack_state", f.ack());
    if (f.overdue() != null) cond(sql, args, "overdue = $", f.overdue());
    if (!f.flags().isEmpty()) cond(sql, args, "flags @> $", f.flags().toArray(String[]::new));
    if (!f.withoutFlags().isEmpty()) cond(sql, args, "NOT flags && $", f.withoutFlags().toArray(String[]::new));
    if (f.from() != null) cond(sql, args, "received_at >= $", f.from());
    if (f.to() != null) cond(sql, args, "received_at < $", f.to());
    if (f.q() != null) {
      for (String term : SearchGrams.terms(f.q())) {
        String[] grams = SearchGrams.forTerm(term);
        if (grams.length > 0) cond(sql, args, "search_grams @> $", grams);
        cond(sql, args, "strpos(lower(subject || ' ' || body), $", term.toLowerCase(Locale.ROOT));
        sql.append(") > 0");
      }
    }
    if (f.before() != null) cond(sql, args, "id < $", f.before());
    visibility(sql, args, who);
    sql.append(" ORDER BY id DESC LIMIT ").append(f.limit() + 1);
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
      JsonArray items = new JsonArray();
      String next = null;
      for (Row r : rows) {
        if (items.size() == f.limit()) {
          next = items.getJsonObject(items.size() - 1).getString("id");
          break;
        }
        items.add(TicketJson.summary(r));
      }
      return new JsonObject().put("items", items).put("next_cursor", next);
    });
  }

  public Future<Optional<JsonObject>> get(String idOrNumber, Principal who) {
    UUID id = parseUuid(idOrNumber);
    return pool.preparedQuery(Sql.get("inbox/get_ticket")).execute(Tuple.of(id, idOrNumber))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<JsonObject>empty());
          Row r = rows.iterator().next();
          if (!visible(who, r.getString("kind"), r.getString("department"))) return Future.succeededFuture(Optional.<JsonObject>empty());
          JsonObject ticket = TicketJson.detail(r);
          UUID tid = r.getUUID("id");
          Future<JsonArray> timeline = pool.preparedQuery(Sql.get("inbox/list_timeline")).execute(Tuple.of(tid))
              .map(rs -> { JsonArray a = new JsonArray(); rs.forEach(x -> a.add(TicketJson.timelineEntry(x))); return a; });
          Future<JsonArray> files = pool.preparedQuery(Sql.get("inbox/list_attachments")).execute(Tuple.of(tid))
              .map(rs -> { JsonArray a = new JsonArray(); rs.forEach(x -> a.add(TicketJson.attachment(x))); return a; });
          return Future.all(timeline, files).map(v -> Optional.of(
              ticket.put("timeline", timeline.result()).put("attachments", files.result())));
        });
  }

  /** The attachment's metadata when {@code who} may see its ticket. */
  public Future<Optional<Row>> attachment(UUID id, Principal who) {
    return pool.preparedQuery(Sql.get("inbox/get_attachment")).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      return visible(who, r.getString("kind"), r.getString("department")) ? Optional.of(r) : Optional.empty();
    });
  }

  static boolean visible(Principal who, String kind, String department) {
    if ("report".equals(kind) && !who.seesReports()) return false;
    return !who.limitedToDepartments() || who.departments().contains(department);
  }

  private static void visibility(StringBuilder sql, List<Object> args, Principal who) {
    if (!who.seesReports()) sql.append(" AND kind <> 'report'");
    if (who.limitedToDepartments()) cond(sql, args, "department = ANY($", who.departments().toArray(String[]::new)).append(")");
  }

  private static void any(StringBuilder sql, List<Object> args, String column, List<String> values) {
    if (values.isEmpty()) return;
    cond(sql, args, column + " = ANY($", values.toArray(String[]::new)).append(")");
  }

  private static StringBuilder cond(StringBuilder sql, List<Object> args, String expr, Object value) {
    args.add(value);
    return sql.append(" AND ").append(expr).append(args.size());
  }

  static UUID parseUuid(String s) {
    try {
      return s.length() == 36 ? UUID.fromString(s) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
