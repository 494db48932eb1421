package io.voxgate.channel.letter;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.GatewayConfig;
import io.voxgate.config.LetterOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.ApiError;
import io.voxgate.http.RawBody;
import io.voxgate.inbox.BearerAuth;
import io.voxgate.inbox.Tokens;
import io.voxgate.ticket.Channel;
import java.util.List;

/**
 * {@code POST /intake/letter/:source}: unknown source 404; a signed source checks
 * {@code X-Voxgate-Signature} (401), a token source an inbox bearer token (401); the upload is read
 * and inspected on a worker (413 size/count, 415 type, 422 pages/pixels); each new letter is stored
 * with its scans and answered {@code 202 {id, number, status:"processing"}} before its text is read;
 * a re-upload answers 200 with the same ticket and its current state. Several tickets (several files
 * without {@code letter_id}) are answered as {@code {"tickets": [...]}}.
 */
public final class LetterRoutes {
  private static final String SOURCE = "voxgate.letter.source";
  private static final String UPLOADER = "voxgate.letter.uploader";
  private final IntakeRoutes intake;
  private final GatewayConfig config;
  private final Tokens tokens;
  private final LetterAcceptance acceptance;
  private WorkerExecutor checks;

  public LetterRoutes(IntakeRoutes intake, GatewayConfig config, Tokens tokens, LetterJobs jobs) {
    this.intake = intake;
    this.config = config;
    this.tokens = tokens;
    this.acceptance = new LetterAcceptance(intake, jobs);
  }

  public Router router(Vertx vertx) {
    // upload checks get their own small pool: an upload is never queued behind a long OCR run
    checks = vertx.createSharedWorkerExecutor("voxgate-letter-upload", 2);
    Router r = Router.router(vertx);
    r.post("/intake/letter/:source").handler(this::authorise).handler(this::readBody)
        .handler(ctx -> upload(ctx, vertx));
    return r;
  }

  private void authorise(RoutingContext ctx) {
    SourceConfig source = intake.source(Channel.LETTER, ctx.pathParam("source"));
    LetterOptions options = config.letterOptions(source);
    ctx.put(SOURCE, options);
    if (!"token".equals(options.auth())) {
      ctx.put(UPLOADER, "source:" + source.id());
      ctx.next();
      return;
    }
    new BearerAuth(tokens).authenticate(ctx).onSuccess(p -> {
      ctx.put(UPLOADER, "token:" + p.name());
      ctx.next();
    }).onFailure(err -> refuse(ctx, err));
  }

  private void readBody(RoutingContext ctx) {
    LetterOptions options = ctx.get(SOURCE);
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.trim().matches("\\d{1,18}") && Long.parseLong(length.trim()) > options.maxBodyBytes()) {
      refuse(ctx, ApiError.tooLarge("the upload is larger than the limit of " + options.maxBodyBytes() + " bytes", null));
      return;
    }
    new RawBody(options.maxBodyBytes()).handle(ctx);
  }

  /** Fails a request whose body was paused: the body is let through (and dropped) so the client reads the answer. */
  private static void refuse(RoutingContext ctx, Throwable err) {
    ctx.request().resume();
    ctx.fail(err);
  }

  private void upload(RoutingContext ctx, Vertx vertx) {
    SourceConfig source = intake.source(Channel.LETTER, ctx.pathParam("source"));
    LetterOptions options = ctx.get(SOURCE);
    byte[] body = RawBody.of(ctx).getBytes();
    if (!"token".equals(options.auth())) {
      var unsigned = intake.signatureError(ctx, source, body);
      if (unsigned.isPresent()) {
        ctx.fail(unsigned.get());
        return;
      }
    }
    RawRequest request = intake.request(ctx, body);
    String uploader = ctx.get(UPLOADER);
    checks.executeBlocking(() -> acceptance.check(request, options, source.id(), uploader), false)
        .compose(letters -> acceptance.store(source, letters, vertx))
        .onSuccess(results -> respond(ctx, results))
        .onFailure(err -> {
          if (err instanceof ApiError) intake.rejected(source);
          ctx.fail(err);
        });
  }

  private static void respond(RoutingContext ctx, List<LetterAcceptance.Stored> results) {
    boolean created = results.stream().anyMatch(s -> s.accepted().created());
    JsonObject body;
    if (results.size() == 1) {
      body = json(results.get(0));
    } else {
      JsonArray items = new JsonArray();
      results.forEach(s -> items.add(json(s).put("created", s.accepted().created())));
      body = new JsonObject().put("tickets", items);
    }
    ctx.response().setStatusCode(created ? 202 : 200)
        .putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  private static JsonObject json(LetterAcceptance.Stored s) {
    return IntakeRoutes.body(s.accepted()).put("status", s.state());
  }
}
