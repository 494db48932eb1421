package io.voxgate.inbox;

import static io.voxgate.http.Responses.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.InboxOptions;
import io.voxgate.db.Sql;
import io.voxgate.http.ApiError;
import io.voxgate.ticket.TicketNumbers;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /reports} (supervisors; JSON, or CSV by {@code Accept: text/csv} or {@code format=csv})
 * and {@code GET /visits/due}, the return-visit list: every complaint resolved in the week before
 * the given one plus a stable sample of complaints being worked on. Mounted inside {@link InboxRoutes}.
 */
final class ReportRoutes {
  private final Pool pool;
  private final Reports reports;
  private final Clock clock;
  private final InboxOptions options;

  ReportRoutes(Pool pool, Clock clock, InboxOptions options) {
    this.pool = pool;
    this.reports = new Reports(pool);
    this.clock = clock;
    this.options = options;
  }

  void mount(Router r) {
    r.get("/reports").handler(InboxRoutes.requireRole(Role.SUPERVISOR)).handler(this::report);
    r.get("/visits/due").handler(this::visitsDue);
  }

  private void report(RoutingContext ctx) {
    String kind = param(ctx, "period", "week");
    if (!Set.of("week", "month", "quarter").contains(kind)) {
      throw ApiError.badRequest("invalid", "period must be week, month or quarter", "period");
    }
    ReportPeriod p = ReportPeriod.containing(kind, date(ctx, "from"));
    Long volume = options.volume(kind).orElse(null);
    String v = param(ctx, "volume", null);
    if (v != null) {
      try {
        volume = Long.parseLong(v);
      } catch (NumberFormatException e) {
        volume = -1L;
      }
      if (volume < 1) throw ApiError.badRequest("invalid", "volume must be a positive whole number", "volume");
    }
    String format = param(ctx, "format", null);
    String accept = ctx.request().getHeader("Accept");
    boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"));
    reports.report(p, volume).onSuccess(body -> {
      if (!csv) {
        json(ctx, 200, body);
        return;
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"voxgate-report-" + kind + "-" + p.start() + ".csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(ReportCsv.write(body));
    }).onFailure(ctx::fail);
  }

  private void visitsDue(RoutingContext ctx) {
    ReportPeriod week = ReportPeriod.containing("week", date(ctx, "week")).previous();
    int percent = options.samplePercent();
    String s = param(ctx, "sample_percent", null);
    if (s != null) {
      try {
        percent = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        percent = -1;
      }
      if (percent < 0 || percent > 100) throw ApiError.badRequest("invalid", "sample_percent must be 0-100", "sample_percent");
    }
    Principal who = InboxRoutes.principal(ctx);
    int pct = percent;
    pool.preparedQuery(Sql.get("inbox/list_due_visits") + " ORDER BY t.id")
        .execute(Tuple.of(week.startTime(), week.endTime(), percent))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            if (!TicketQueries.visible(who, "complaint", r.getString("department"))) continue;
            items.add(new JsonObject().put("id", r.getUUID("id").toString()).put("number", r.getString("number"))
                .put("status", r.getString("status")).put("reason", r.getString("reason"))
                .put("visited", r.getBoolean("visited")).put("department", r.getString("department"))
                .put("assignee", r.getString("assignee")).put("subject", r.getString("subject"))
                .put("customer", new JsonObject().put("name", r.getString("customer_name"))
                    .put("phone", r.getString("customer_phone")).put("email", r.getString("customer_email")))
                .put("resolved_at", instant(r, "resolved_at")).put("visit_due_at", instant(r, "visit_due_at")));
          }
          json(ctx, 200, new JsonObject().put("week_from", week.start().toString()).put("week_to", week.last().toString())
              .put("sample_percent", pct).put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private static String instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null ? null : r.getOffsetDateTime(column).toInstant().toString();
  }

  private LocalDate date(RoutingContext ctx, String name) {
    String s = param(ctx, name, null);
    if (s == null) return LocalDate.now(clock.withZone(TicketNumbers.ZONE));
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("invalid", name + " must be a date such as 2026-11-16", name);
    }
  }

  private static String param(RoutingContext ctx, String name, String dflt) {
    List<String> v = ctx.queryParam(name);
    return v.isEmpty() || v.get(0).isBlank() ? dflt : v.get(0).trim();
  }
}
