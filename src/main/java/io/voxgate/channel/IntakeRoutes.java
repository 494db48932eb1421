package io.voxgate.channel;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.config.GatewayConfig;
import io.voxgate.config.SourceConfig;
import io.voxgate.db.DbErrors;
import io.voxgate.http.ApiError;
import io.voxgate.http.RawBody;
import io.voxgate.ticket.Accepted;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.IntakeMeters;
import io.voxgate.ticket.SourceActivity;
import io.voxgate.ticket.TicketEvent;
import java.time.Clock;
import io.voxgate.ticket.TicketEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The glue every channel shares: find the source (404), check its signature (401), parse
 * (400/413/415 naming the field), store, and answer 201 for a new ticket or 200 for a
 * re-delivery, with {@code {id, number, status}}.
 */
public final class IntakeRoutes {
  private static final Logger LOG = Logger.getLogger(IntakeRoutes.class.getName());
  private final GatewayConfig config;
  private final Intake intake;
  private final IntakeMeters meters;
  private final SourceActivity activity;
  private final Clock clock;

  public IntakeRoutes(GatewayConfig config, Intake intake, IntakeMeters meters, SourceActivity activity, Clock clock) {
    this.config = config;
    this.intake = intake;
    this.meters = meters;
    this.activity = activity;
    this.clock = clock;
  }

  /** The standard handler for {@code POST /intake/<channel>/:source}. */
  public Handler<RoutingContext> handler(Channel channel, Parser parser) {
    return ctx -> {
      SourceConfig source = source(channel, ctx.pathParam("source"));
      receive(ctx, source, parser).onSuccess(a -> respond(ctx, a)).onFailure(ctx::fail);
    };
  }

  public SourceConfig source(Channel channel, String id) {
    return config.source(id).filter(s -> s.channel() == channel)
        .orElseThrow(() -> ApiError.notFound("no " + channel.wire() + " source '" + id + "' is configured"));
  }

  /** Checks, parses and stores one request for a known source (Voxgate HMAC signature, standard store). */
  public Future<Accepted> receive(RoutingContext ctx, SourceConfig source, Parser parser) {
    return receive(ctx, source, parser, intake::submit);
  }

  /** As {@link #receive(RoutingContext, SourceConfig, Parser)}, with the channel's own way to store (e.g. threading). */
  public Future<Accepted> receive(RoutingContext ctx, SourceConfig source, Parser parser,
                                  Function<TicketEvent, Future<Accepted>> store) {
    return receive(ctx, source, VOXGATE_SIGNATURE, req -> Parsing.of(parser.parse(req, source)), store);
  }

  /**
   * The same steps for a channel with its own authentication (e.g. Twilio's scheme) or its own
   * parsed value and store (e.g. call events merged into one ticket).
   */
  public <T> Future<Accepted> receive(RoutingContext ctx, SourceConfig source, Authenticator auth,
                                      Function<RawRequest, Parsing<T>> parse, Function<T, Future<Accepted>> store) {
    byte[] body = RawBody.of(ctx).getBytes();
    String refused = auth.reject(ctx, source, body);
    if (refused != null) {
      meters.count(source.channel(), source.id(), "unauthorized");
      activity.error(source.id(), clock.instant(), "request with a missing or wrong signature");
      return Future.failedFuture(ApiError.unauthorized(refused));
    }
    Parsing<T> result = parse.apply(request(ctx, body));
    if (!result.errors().isEmpty()) {
      FieldError first = result.errors().get(0);
      meters.count(source.channel(), source.id(), "rejected");
      return Future.failedFuture(new ApiError(first.status(), first.code(), first.message(), first.field()));
    }
    return store.apply(result.value())
        .onSuccess(a -> LOG.fine(() -> source.id() + " " + (a.created() ? "created " : "re-delivered ") + a.number()))
        .recover(err -> {
          if (DbErrors.unavailable(err)) {
            meters.count(source.channel(), source.id(), "unavailable");
            return Future.failedFuture(ApiError.unavailable("the database is not reachable; nothing was stored, please retry"));
          }
          meters.count(source.channel(), source.id(), "failed");
          return Future.failedFuture(err);
        });
  }

  /** How a channel authenticates a request: {@code null} lets it pass, otherwise the reason for a 401. */
  @FunctionalInterface
  public interface Authenticator {
    String reject(RoutingContext ctx, SourceConfig source, byte[] body);
  }

  /** {@code X-Voxgate-Signature} when the source has a secret; unsigned sources pass. */
  public static final Authenticator VOXGATE_SIGNATURE = (ctx, source, body) ->
      !source.signed() || Signature.verify(source.secret().get(), body, ctx.request().getHeader(Signature.HEADER)) ? null
          : "missing or wrong " + Signature.HEADER + " (expected sha256=<hex HMAC-SHA256 of the body>)";

  /** A parse step's answer to the glue: a value to store, or the field errors that refuse the request. */
  public record Parsing<T>(T value, List<FieldError> errors) {
    public Parsing {
      errors = List.copyOf(errors);
    }

    public static <T> Parsing<T> ok(T value) {
      return new Parsing<>(value, List.of());
    }

    public static <T> Parsing<T> rejected(FieldError... errors) {
      return new Parsing<>(null, List.of(errors));
    }

    static Parsing<TicketEvent> of(ParseResult r) {
      return r instanceof ParseResult.Rejected rej ? new Parsing<>(null, rej.errors())
          : ok(((ParseResult.Parsed) r).event());
    }
  }

  public static void respond(RoutingContext ctx, Accepted a) {
    ctx.response()
        .setStatusCode(a.created() ? 201 : 200)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body(a).encode());
  }

  public static JsonObject body(Accepted a) {
    return new JsonObject().put("id", a.id().toString()).put("number", a.number()).put("status", a.status());
  }

  private RawRequest request(RoutingContext ctx, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    ctx.request().headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
    return new RawRequest(ctx.request().getHeader("Content-Type"), headers, body, clientIp(ctx), clock.instant());
  }

  /** The client address; the first X-Forwarded-For hop only when configured to trust a proxy. */
  public String clientIp(RoutingContext ctx) {
    if (config.server().trustForwardedFor()) {
      String fwd = ctx.request().getHeader("X-Forwarded-For");
      if (fwd != null && !fwd.isBlank()) return fwd.split(",")[0].trim();
    }
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
  }
}
