package io.voxgate.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.Gateway;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.channel.forum.ForumAdminRoutes;
import io.voxgate.channel.forum.ForumHealth;
import io.voxgate.channel.forum.ForumStore;
import io.voxgate.channel.phone.PhoneCalls;
import io.voxgate.channel.phone.PhoneRoutes;
import io.voxgate.channel.phone.PhoneSources;
import io.voxgate.channel.email.EmailRoutes;
import io.voxgate.channel.email.MailIntake;
import io.voxgate.channel.letter.LetterJobs;
import io.voxgate.channel.letter.LetterRoutes;
import io.voxgate.channel.webform.WebFormRoutes;
import io.voxgate.dispatch.DispatchHealth;
import io.voxgate.inbox.InboxRoutes;
import io.voxgate.inbox.Tokens;
import io.voxgate.inbox.InboxPageRoutes;
import io.voxgate.ops.HealthRoutes;
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.IntakeMeters;
import java.util.Map;

/**
 * Owns the HTTP port; deployed once per core. Channels, inbox and ops contribute sub-routers;
 * every failure goes through the one {@link FailureHandler}.
 */
public final class HttpVerticle extends VerticleBase {
  private static final int COMMITS_IN_FLIGHT = 2;
  private final Gateway.Shared shared;
  private HttpServer server;

  public HttpVerticle(Gateway.Shared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    var config = shared.config();
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.server().host())
        .setPort(config.server().port())
        .setCompressionSupported(true)
        // h2c upgrades of POSTs with bodies left some requests unanswered under load; HTTP/2 belongs
        // behind the TLS proxy, senders here speak HTTP/1.1
        .setHttp2ClearTextEnabled(false)
        .setMaxHeaderSize(16 * 1024));
    return server.requestHandler(router(vertx, shared)).listen();
  }

  /** Every route the gateway serves, with the one failure handler (also walked by the OpenAPI test). */
  public static Router router(Vertx vertx, Gateway.Shared shared) {
    var config = shared.config();
    Intake intake = shared.intake(vertx, config.intake().batchMax(), COMMITS_IN_FLIGHT);
    BlobStore blobs = intake.blobs();
    IntakeMeters meters = intake.meters();
    IntakeRoutes intakeRoutes = new IntakeRoutes(config, intake, meters, shared.activity(), shared.clock());

    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.redirect("/form"));
    router.route("/*").subRouter(new WebFormRoutes(intakeRoutes, shared.limiters(), config.server().bodyLimit()).router(vertx));
    router.route("/api/v1/*").subRouter(new InboxRoutes(shared.pool(), blobs, new LedgerHooks(shared.dispatch().ledger()), shared.clock(), config,
        shared.activity()).router(vertx));
    router.route("/*").subRouter(new LetterRoutes(intakeRoutes, config, new Tokens(shared.pool()),
        new LetterJobs(shared.pool())).router(vertx));
    router.route("/*").subRouter(new InboxPageRoutes().router(vertx));
    ForumStore forums = new ForumStore(shared.pool());
    router.route("/admin/forums/*").subRouter(new ForumAdminRoutes(new Tokens(shared.pool()), forums, config.sources()).router(vertx));
    ForumHealth forumHealth = new ForumHealth(forums, shared.clock());
    router.route("/*").subRouter(new PhoneRoutes(intakeRoutes, new PhoneCalls(shared.pool(), intake::submit,
        intake.revisions(), shared.normaliser(), blobs, shared.clock()), PhoneSources.options(config), config.server().bodyLimit()).router(vertx));
    router.route("/*").subRouter(new EmailRoutes(intakeRoutes, new MailIntake(shared.pool(), intake, blobs, shared.clock()),
        config).router(vertx));
    router.route("/*").subRouter(new HealthRoutes(shared.pool(), config.sources(), shared.activity(), shared.opsMetrics(),
        shared.registry(), new DispatchHealth(vertx, config, shared.dispatch(), shared.clock()).checks(),
        Map.of(Channel.FORUM, forumHealth::check)).router(vertx));

    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, HttpVerticle::notFound);
    router.errorHandler(405, ctx -> failures.handle(ctx));
    return router;
  }

  private static void notFound(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(ApiError.notFound("no such resource: " + ctx.request().path()).body().encode());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
