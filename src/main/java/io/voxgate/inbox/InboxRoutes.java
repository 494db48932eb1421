package io.voxgate.inbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.voxgate.http.Responses.json;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.voxgate.config.GatewayConfig;
import io.voxgate.config.InboxOptions;
import io.voxgate.http.ApiError;
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.SourceActivity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The inbox API under {@code /api/v1}: bearer-token authentication, then ticket list and detail,
 * attachment download, the ticket workflow, reports and return visits, and tokens and sources for admins.
 */
public final class InboxRoutes {
  private static final Set<String> STATUSES = Set.of("new", "acknowledged", "in_progress", "replied", "resolved",
      "closed", "escalated", "reopened");
  private static final Set<String> KINDS = Set.of("complaint", "enquiry", "report", "potential");
  private static final Set<String> CHANNELS = Set.of("phone", "email", "webform", "letter", "forum");
  private static final Set<String> SEVERITIES = Set.of("general", "important", "major");
  private static final Set<String> CATEGORIES = Set.of("quality", "non_quality", "other");

  static final List<String> FLAG_FILTERS = List.of("callback_needed", "parse_failed", TicketWorkflow.WAITING);
  private static final Set<String> ACKS = Set.of("pending", "sent", "suppressed", "dead", "postal");

  private final Tokens tokens;
  private final BearerAuth auth;
  private final TicketQueries tickets;
  private final BlobStore blobs;
  private final WorkflowRoutes workflow;
  private final ReportRoutes reports;
  private final SourceRoutes sources;

  /** {@code hooks} hears of status, pause, complexity and visit changes inside their transactions. */
  public InboxRoutes(Pool pool, BlobStore blobs, WorkflowHooks hooks, Clock clock, GatewayConfig config,
                     SourceActivity activity) {
    InboxOptions options = config.inbox();
    this.tokens = new Tokens(pool);
    this.auth = new BearerAuth(tokens);
    this.tickets = new TicketQueries(pool);
    this.blobs = blobs;
    this.workflow = new WorkflowRoutes(new TicketWorkflow(pool, hooks, clock), tickets, options.textLimit());
    this.reports = new ReportRoutes(pool, clock, options);
    this.sources = new SourceRoutes(config.sources(), activity);
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(auth.require(Role.AGENT));
    r.get("/tickets").handler(this::listTickets);
    r.get("/tickets/:ref").handler(this::getTicket);
    r.get("/attachments/:id").handler(this::getAttachment);
    r.post("/tokens").handler(BodyHandler.create().setBodyLimit(16 * 1024)).handler(requireRole(Role.ADMIN))
        .handler(this::issueToken);
    workflow.mount(r);
    reports.mount(r);
    sources.mount(r);
    return r;
  }

  static io.vertx.core.Handler<RoutingContext> requireRole(Role role) {
    return BearerAuth.requireRole(role);
  }

  /** The ticket's version as a strong entity tag; PATCH takes it back in If-Match. */
  static String etag(JsonObject ticket) {
    return "\"" + ticket.getInteger("version") + "\"";
  }

  static Principal principal(RoutingContext ctx) {
    return BearerAuth.principal(ctx);
  }

  private void listTickets(RoutingContext ctx) {
    TicketQueries.Filter f = new TicketQueries.Filter(
        values(ctx, "status", STATUSES), values(ctx, "kind", KINDS), values(ctx, "channel", CHANNELS),
        values(ctx, "severity", SEVERITIES), values(ctx, "category", CATEGORIES), values(ctx, "department", null),
        time(ctx, "from"), time(ctx, "to"), query(ctx), cursor(ctx), limit(ctx),
        values(ctx, "assignee", null), bool(ctx, "overdue"), flags(ctx, true), flags(ctx, false), values(ctx, "ack", ACKS));
    tickets.list(f, principal(ctx)).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private void getTicket(RoutingContext ctx) {
    String ref = ctx.pathParam("ref");
    tickets.get(ref, principal(ctx))
        .onSuccess(t -> {
          if (t.isPresent()) {
            ctx.response().putHeader("ETag", etag(t.get()));
            json(ctx, 200, t.get());
          }
          else ctx.fail(ApiError.notFound("no ticket " + ref));
        })
        .onFailure(ctx::fail);
  }

  private void getAttachment(RoutingContext ctx) {
    UUID id = TicketQueries.parseUuid(ctx.pathParam("id"));
    if (id == null) {
      ctx.fail(ApiError.notFound("no attachment " + ctx.pathParam("id")));
      return;
    }
    tickets.attachment(id, principal(ctx)).onSuccess(a -> {
      if (a.isEmpty()) {
        ctx.fail(ApiError.notFound("no attachment " + id));
        return;
      }
      String filename = a.get().getString("filename");
      ctx.response()
          .putHeader("Content-Type", a.get().getString("media_type"))
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[^\\x20-\\x7e]|\"", "_")
              + "\"; filename*=UTF-8''" + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"))
          .sendFile(blobs.path(a.get().getString("sha256")).toString())
          .onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private void issueToken(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ApiError.badRequest("invalid_json", "the body must be a JSON object", null));
      return;
    }
    if (body == null) {
      ctx.fail(ApiError.badRequest("invalid_json", "the body must be a JSON object", null));
      return;
    }
    String name = body.getValue("name") instanceof String s ? s.strip() : "";
    if (name.isEmpty() || name.length() > 100) {
      ctx.fail(ApiError.badRequest("required", "a name of 1-100 characters is required", "name"));
      return;
    }
    Role role;
    try {
      role = Role.fromWire(String.valueOf(body.getValue("role")));
    } catch (IllegalArgumentException e) {
      ctx.fail(ApiError.badRequest("invalid", "role must be agent, supervisor or admin", "role"));
      return;
    }
    List<String> departments = new ArrayList<>();
    Object deps = body.getValue("departments");
    if (deps instanceof JsonArray arr) {
      for (Object o : arr) departments.add(String.valueOf(o));
    } else if (deps != null) {
      ctx.fail(ApiError.badRequest("invalid", "departments must be a list", "departments"));
      return;
    }
    String secret = Tokens.newSecret();
    tokens.store(name, role, departments, secret)
        .onSuccess(v -> json(ctx, 201, new JsonObject().put("name", name).put("role", role.wire())
            .put("departments", new JsonArray(departments)).put("token", secret)))
        .onFailure(ctx::fail);
  }

  /** {@code name=true|false}: tickets with or without that flag; null when not asked. */
  private static List<String> values(RoutingContext ctx, String name, Set<String> allowed) {
    List<String> out = new ArrayList<>();
    for (String v : ctx.queryParam(name)) {
      for (String s : v.split(",")) {
        String t = s.trim();
        if (t.isEmpty()) continue;
        if (allowed != null && !allowed.contains(t)) {
          throw ApiError.badRequest("invalid", "'" + t + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)), name);
        }
        out.add(t);
      }
    }
    return out;
  }

  private static OffsetDateTime time(RoutingContext ctx, String name) {
    List<String> v = ctx.queryParam(name);
    if (v.isEmpty() || v.get(0).isBlank()) return null;
    String s = v.get(0).trim();
    try {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(io.voxgate.ticket.TicketNumbers.ZONE).toOffsetDateTime()
          : Instant.parse(s).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("invalid", "use a date (2026-11-22) or an instant (2026-11-22T08:00:00Z)", name);
    }
  }

  private static Boolean bool(RoutingContext ctx, String name) {
    List<String> v = ctx.queryParam(name);
    if (v.isEmpty() || v.get(0).isBlank()) return null;
    return switch (v.get(0).trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiError.badRequest("invalid", name + " must be true or false", name);
    };
  }

  /** {@code callback_needed=true}, {@code parse_failed=false}, …: the flags tickets must (or must not) carry. */
  private static List<String> flags(RoutingContext ctx, boolean set) {
    List<String> out = new ArrayList<>();
    for (String flag : FLAG_FILTERS) {
      if (Boolean.valueOf(set).equals(bool(ctx, flag))) out.add(flag);
    }
    return out;
  }

  private static String query(RoutingContext ctx) {
    List<String> v = ctx.queryParam("q");
    if (v.isEmpty() || v.get(0).isBlank()) return null;
    if (v.get(0).length() > 200) throw ApiError.badRequest("too_long", "the search text is limited to 200 characters", "q");
    return v.get(0).trim();
  }

  private static UUID cursor(RoutingContext ctx) {
    List<String> v = ctx.queryParam("cursor");
    if (v.isEmpty() || v.get(0).isBlank()) return null;
    UUID id = TicketQueries.parseUuid(v.get(0).trim());
    if (id == null) throw ApiError.badRequest("invalid", "use the next_cursor of the previous page", "cursor");
    return id;
  }

  private static int limit(RoutingContext ctx) {
    List<String> v = ctx.queryParam("limit");
    if (v.isEmpty()) return 50;
    try {
      int n = Integer.parseInt(v.get(0).trim());
      if (n >= 1 && n <= 200) return n;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiError.badRequest("invalid", "limit must be between 1 and 200", "limit");
  }
}
