package io.voxgate.inbox;

import static io.voxgate.http.Responses.json;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.voxgate.http.ApiError;

/**
 * The customer centre's work on one ticket: PATCH (status, assignment, overrides, complexity,
 * waiting on the customer; If-Match against the ticket version), notes, replies and return visits.
 * Mounted inside {@link InboxRoutes}, behind its authentication.
 */
final class WorkflowRoutes {
  private final TicketWorkflow workflow;
  private final TicketQueries tickets;
  private final int textLimit;

  /** @param textLimit the longest note, reply or visit comment, in characters */
  WorkflowRoutes(TicketWorkflow workflow, TicketQueries tickets, int textLimit) {
    this.workflow = workflow;
    this.tickets = tickets;
    this.textLimit = textLimit;
  }

  void mount(Router r) {
    // room for the text limit even when every character is sent as a JSON \\uXXXX escape
    BodyHandler body = BodyHandler.create().setBodyLimit(textLimit * 6L + 4096);
    r.patch("/tickets/:ref").handler(body).handler(this::change);
    r.post("/tickets/:ref/notes").handler(body).handler(this::note);
    r.post("/tickets/:ref/replies").handler(body).handler(this::reply);
    r.post("/tickets/:ref/visits").handler(body).handler(this::visit);
  }

  private void change(RoutingContext ctx) {
    TicketChange change = TicketChange.parse(object(ctx));
    Principal who = InboxRoutes.principal(ctx);
    workflow.change(ctx.pathParam("ref"), change, ifMatch(ctx), who)
        .compose(id -> tickets.get(id.toString(), who))
        .onSuccess(t -> {
          JsonObject ticket = t.orElseThrow();
          ctx.response().putHeader("ETag", InboxRoutes.etag(ticket));
          json(ctx, 200, ticket);
        })
        .onFailure(ctx::fail);
  }

  private void note(RoutingContext ctx) {
    workflow.note(ctx.pathParam("ref"), text(object(ctx), "text"), InboxRoutes.principal(ctx))
        .onSuccess(e -> json(ctx, 201, e)).onFailure(ctx::fail);
  }

  private void reply(RoutingContext ctx) {
    workflow.reply(ctx.pathParam("ref"), text(object(ctx), "text"), InboxRoutes.principal(ctx))
        .onSuccess(e -> json(ctx, 201, e)).onFailure(ctx::fail);
  }

  private void visit(RoutingContext ctx) {
    JsonObject b = object(ctx);
    if (!(b.getValue("reached") instanceof Boolean reached)) {
      throw ApiError.badRequest("required", "reached must be true or false", "reached");
    }
    Object s = b.getValue("satisfaction");
    Integer satisfaction = null;
    if (s != null) {
      if (!(s instanceof Integer i) || i < 1 || i > 5) {
        throw ApiError.badRequest("invalid", "satisfaction must be a whole number from 1 to 5", "satisfaction");
      }
      satisfaction = i;
    }
    if (reached && satisfaction == null) {
      throw ApiError.badRequest("required", "a customer who was reached gives a satisfaction from 1 to 5", "satisfaction");
    }
    Object c = b.getValue("comment");
    if (c != null && !(c instanceof String)) throw ApiError.badRequest("invalid", "comment must be a text", "comment");
    String comment = c == null ? "" : ((String) c).strip();
    if (comment.length() > textLimit) throw ApiError.badRequest("too_long", "comment is limited to " + textLimit + " characters", "comment");
    workflow.visit(ctx.pathParam("ref"), reached, satisfaction, comment, InboxRoutes.principal(ctx))
        .onSuccess(e -> json(ctx, 201, e)).onFailure(ctx::fail);
  }

  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject o = ctx.body().asJsonObject();
      if (o != null) return o;
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    throw ApiError.badRequest("invalid_json", "the body must be a JSON object", null);
  }

  private String text(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (!(v instanceof String s) || s.isBlank()) throw ApiError.badRequest("required", key + " is required", key);
    if (s.length() > textLimit) throw ApiError.badRequest("too_long", key + " is limited to " + textLimit + " characters", key);
    return s.strip();
  }

  /** The version named by If-Match ("3", W/"3" or 3); null when absent or "*". */
  static Integer ifMatch(RoutingContext ctx) {
    String h = ctx.request().getHeader("If-Match");
    if (h == null || h.isBlank() || h.trim().equals("*")) return null;
    String v = h.trim();
    if (v.startsWith("W/")) v = v.substring(2);
    v = v.replace("\"", "");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ApiError(412, "stale", "If-Match must be the ETag of the ticket, e.g. \"3\"", null);
    }
  }
}
