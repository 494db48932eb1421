package io.voxgate.inbox;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Public, unauthenticated files: the inbox page under {@code /inbox/} (static HTML, JS and CSS;
 * the page signs in with a bearer token it keeps in the tab's session storage) and the API
 * description at {@code /openapi.yaml}.
 */
public final class InboxPageRoutes {
  /** Scripts and styles only from the gateway itself; attachment previews come from blob: URLs. */
  static final String CSP = "default-src 'self'; img-src 'self' blob: data:; frame-src 'self' blob:; "
      + "object-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private final Buffer openApi = Buffer.buffer(resource("openapi.yaml"));

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.get("/openapi.yaml").handler(this::openApi);
    // vert.x matches "/inbox/" here too: only the bare name is redirected, so relative links resolve under /inbox/
    r.get("/inbox").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) ctx.next();
      else ctx.redirect("/inbox/");
    });
    r.get("/inbox/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    }).handler(StaticHandler.create("webroot/inbox").setCachingEnabled(false).setIndexPage("index.html"));
    return r;
  }

  private void openApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").end(openApi);
  }

  /** Read once when the routes are built (a small file inside the jar), never per request. */
  static byte[] resource(String path) {
    try (InputStream in = InboxPageRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing resource " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
