package io.voxgate.channel.webform;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.ApiError;
import io.voxgate.http.RateLimiter;
import io.voxgate.http.RawBody;
import io.voxgate.ticket.Accepted;
import io.voxgate.ticket.Channel;
import java.util.Map;

/**
 * {@code GET /form}, the bilingual page; {@code POST /intake/webform} for the public source
 * {@value #PUBLIC_SOURCE}; {@code POST /intake/webform/:source} for others (signed when the
 * source has a secret). Every web form source is rate-limited per client IP.
 */
public final class WebFormRoutes {
  public static final String PUBLIC_SOURCE = "webform";
  private final IntakeRoutes intake;
  private final Map<String, RateLimiter> limiters;
  private final WebFormParser parser = new WebFormParser();
  private final long bodyLimit;

  public WebFormRoutes(IntakeRoutes intake, Map<String, RateLimiter> limiters, long bodyLimit) {
    this.intake = intake;
    this.limiters = limiters;
    this.bodyLimit = bodyLimit;
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.get("/form").handler(this::page);
    r.post("/intake/webform").handler(ctx -> limit(ctx, PUBLIC_SOURCE)).handler(new RawBody(bodyLimit))
        .handler(ctx -> submit(ctx, PUBLIC_SOURCE));
    r.post("/intake/webform/:source").handler(ctx -> limit(ctx, ctx.pathParam("source")))
        .handler(new RawBody(bodyLimit)).handler(ctx -> submit(ctx, ctx.pathParam("source")));
    return r;
  }

  private void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile("webroot/form.html");
  }

  private void limit(RoutingContext ctx, String sourceId) {
    SourceConfig source = intake.source(Channel.WEBFORM, sourceId);
    long wait = limiters.get(source.id()).tryAcquire(intake.clientIp(ctx));
    if (wait > 0) {
      ctx.fail(new ApiError(429, "rate_limited", "too many submissions from your address; try again in "
          + wait + " s", null, (int) wait));
      return;
    }
    ctx.next();
  }

  private void submit(RoutingContext ctx, String sourceId) {
    SourceConfig source = intake.source(Channel.WEBFORM, sourceId);
    intake.receive(ctx, source, parser)
        .onSuccess(a -> {
          if (wantsHtml(ctx)) confirmation(ctx, a);
          else IntakeRoutes.respond(ctx, a);
        })
        .onFailure(ctx::fail);
  }

  /** A browser posting the page without JavaScript gets a page, not JSON. */
  private static boolean wantsHtml(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }

  private static void confirmation(RoutingContext ctx, Accepted a) {
    String html = """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>已受理 Received</title></head>
        <body><h1>已受理 · Received</h1><p>受理编号 / Ticket number: <strong id="number">%s</strong></p>
        <p><a href="/form">返回 / Back</a></p></body></html>""".formatted(a.number());
    ctx.response().setStatusCode(a.created() ? 201 : 200)
        .putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }
}
