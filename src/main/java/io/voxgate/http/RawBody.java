package io.voxgate.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the whole request body, as sent, up to a limit (413 beyond it, checked against
 * Content-Length before reading). Unlike vert.x's BodyHandler it keeps multipart bodies too:
 * signatures and raw storage need the exact bytes.
 */
public final class RawBody implements Handler<RoutingContext> {
  private static final String KEY = "voxgate.rawBody";
  private final long limit;

  public RawBody(long limit) {
    this.limit = limit;
  }

  public static Buffer of(RoutingContext ctx) {
    Buffer b = ctx.get(KEY);
    return b == null ? Buffer.buffer() : b;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > limit) {
          ctx.fail(ApiError.tooLarge("the request body is larger than the limit of " + limit + " bytes", null));
          return;
        }
      } catch (NumberFormatException e) {
        ctx.fail(ApiError.badRequest("bad_request", "invalid Content-Length", null));
        return;
      }
    }
    if (req.isEnded()) {
      ctx.put(KEY, Buffer.buffer());
      ctx.next();
      return;
    }
    if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) req.response().writeContinue();
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    req.handler(chunk -> {
      if (failed[0]) return;
      if (body.length() + chunk.length() > limit) {
        failed[0] = true;
        ctx.fail(ApiError.tooLarge("the request body is larger than the limit of " + limit + " bytes", null));
        return;
      }
      body.appendBuffer(chunk);
    });
    req.endHandler(v -> {
      if (failed[0]) return;
      ctx.put(KEY, body);
      ctx.next();
    });
    req.resume();
  }
}
