package io.voxgate.channel.forum;

import static io.voxgate.http.Responses.json;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.ApiError;
import io.voxgate.inbox.Role;
import io.voxgate.inbox.BearerAuth;
import io.voxgate.inbox.Tokens;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * Admin routes under {@code /admin/forums}, bearer token with the admin role:
 * {@code POST /:id/crawl} starts a crawl now (202 with its {@code crawl_id}; 409 when disabled or
 * running) and {@code GET /:id/crawls} lists the latest runs with their counts.
 */
public final class ForumAdminRoutes {
  private static final int LIST_LIMIT = 50;
  private static final long TRIGGER_TIMEOUT_MS = 5_000;
  private final Tokens tokens;
  private final ForumStore store;
  private final List<SourceConfig> forums;

  public ForumAdminRoutes(Tokens tokens, ForumStore store, List<SourceConfig> sources) {
    this.tokens = tokens;
    this.store = store;
    this.forums = sources.stream().filter(s -> s.forum() != null).toList();
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.route().handler(new BearerAuth(tokens).require(Role.ADMIN));
    r.route().handler(BodyHandler.create().setBodyLimit(1024)); // no body is read; lets the paused request go
    r.post("/:id/crawl").handler(ctx -> crawl(vertx, ctx));
    r.get("/:id/crawls").handler(this::crawls);
    return r;
  }

  private void crawl(Vertx vertx, RoutingContext ctx) {
    String id = forum(ctx);
    vertx.eventBus().<JsonObject>request(ForumVerticle.ADDRESS, new JsonObject().put("source", id),
            new DeliveryOptions().setSendTimeout(TRIGGER_TIMEOUT_MS))
        .onSuccess(reply -> json(ctx, 202, new JsonObject().put("crawl_id", reply.body().getString("crawl_id"))
            .put("source", id).put("status", "started")))
        .onFailure(err -> {
          if (err instanceof ReplyException re && re.failureCode() == 409) {
            ctx.fail(new ApiError(409, "conflict", re.getMessage(), null));
          } else {
            ctx.fail(ApiError.unavailable("the forum crawler did not answer: " + err.getMessage()));
          }
        });
  }

  private void crawls(RoutingContext ctx) {
    String id = forum(ctx);
    store.crawls(id, LIST_LIMIT).onSuccess(items -> json(ctx, 200, new JsonObject().put("source", id).put("items", items)))
        .onFailure(ctx::fail);
  }

  private String forum(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (forums.stream().noneMatch(s -> s.id().equals(id))) throw ApiError.notFound("no forum source " + id);
    return id;
  }
}
