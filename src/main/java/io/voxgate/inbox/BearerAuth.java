package io.voxgate.inbox;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.http.ApiError;

/**
 * The one bearer-token check of the inbox, admin and token-authenticated upload routes. The
 * request is paused during the look-up so that a body handler after it still gets the body; a
 * refused request is resumed so its body drains and the client reads the 401/403.
 */
public final class BearerAuth {
  private static final String PRINCIPAL = "voxgate.principal";
  private final Tokens tokens;

  public BearerAuth(Tokens tokens) {
    this.tokens = tokens;
  }

  /** The caller behind the request's token, also kept on the context for {@link #principal}. */
  public Future<Principal> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(ApiError.unauthorized("send Authorization: Bearer <token>"));
    }
    ctx.request().pause();
    return tokens.authenticate(header.substring(7).trim())
        .compose(p -> p.isPresent() ? Future.succeededFuture(p.get())
            : Future.<Principal>failedFuture(ApiError.unauthorized("unknown or revoked token")))
        .onSuccess(p -> ctx.put(PRINCIPAL, p))
        .onFailure(err -> ctx.request().resume());
  }

  /** A route handler that lets through callers with at least {@code role}. */
  public Handler<RoutingContext> require(Role role) {
    return ctx -> authenticate(ctx).onSuccess(p -> {
      if (p.role().atLeast(role)) {
        ctx.next();
      } else {
        ctx.request().resume();
        ctx.fail(forbidden(role, p));
      }
    }).onFailure(ctx::fail);
  }

  /** After {@link #require}: lets through callers with at least {@code role}. */
  public static Handler<RoutingContext> requireRole(Role role) {
    return ctx -> {
      Principal p = principal(ctx);
      if (p.role().atLeast(role)) ctx.next();
      else ctx.fail(forbidden(role, p));
    };
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  private static ApiError forbidden(Role role, Principal p) {
    return ApiError.forbidden("this needs the " + role.wire() + " role; your token has " + p.role().wire());
  }
}
