package io.voxgate.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.db.DbErrors;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place failures become HTTP answers, always in the {@link ApiError} shape. */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(FailureHandler.class.getName());

  @Override
  public void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (error.status() >= 500 && error.status() != 503) {
      LOG.log(Level.SEVERE, ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
    }
    response.setStatusCode(error.status()).putHeader("Content-Type", "application/json; charset=utf-8");
    if (error.retryAfterSeconds() != null) response.putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    if (error.status() == 401 && ctx.request().path().startsWith("/api/")) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"voxgate\"");
    }
    response.end(error.body().encode());
  }

  static ApiError toApiError(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof ApiError e) return e;
    if (t != null && DbErrors.unavailable(t)) {
      return ApiError.unavailable("the database is not reachable; nothing was stored, please retry");
    }
    int status = ctx.statusCode();
    return switch (status) {
      case 400 -> ApiError.badRequest("bad_request", "the request could not be read", null);
      case 401 -> ApiError.unauthorized("authentication required");
      case 403 -> ApiError.forbidden("not allowed");
      case 404 -> ApiError.notFound("no such resource: " + ctx.request().path());
      case 405 -> new ApiError(405, "method_not_allowed", "method not allowed", null);
      case 413 -> ApiError.tooLarge("the request body is larger than the configured limit", null);
      case 415 -> new ApiError(415, "unsupported_media_type", "unsupported content type", null);
      default -> new ApiError(500, "internal", "internal error", null);
    };
  }
}
