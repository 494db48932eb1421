package io.voxgate.channel.email;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.channel.ParseResult;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.EmailOptions;
import io.voxgate.config.GatewayConfig;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.RawBody;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.TicketEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /intake/email/:source}: one raw RFC 822 message as the body (from an MTA pipe or an
 * inbound-mail service), signed with {@code X-Voxgate-Signature} when the source has a secret.
 * 201 for a new ticket, 200 for a re-delivery or a reply added to its ticket, 200 with status
 * {@code ignored} for our own mail coming back.
 */
public final class EmailRoutes {
  private final IntakeRoutes intake;
  private final MailIntake mails;
  private final MailParser parser = new MailParser();
  private final long bodyLimit;
  private final Map<String, EmailOptions> options;

  public EmailRoutes(IntakeRoutes intake, MailIntake mails, GatewayConfig config) {
    this.intake = intake;
    this.mails = mails;
    this.bodyLimit = config.server().bodyLimit();
    this.options = options(config);
  }

  /** Each email source's options, read once; our Message-ID domain counts as our own (loop guard). */
  private static Map<String, EmailOptions> options(GatewayConfig config) {
    Map<String, EmailOptions> out = new HashMap<>();
    for (SourceConfig s : config.sources()) {
      if (s.channel() == Channel.EMAIL) out.put(s.id(), EmailOptions.from(s.settings(), config.smtp().messageIdDomain()));
    }
    return Map.copyOf(out);
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.post("/intake/email/:source").handler(new RawBody(bodyLimit)).handler(this::receive);
    return r;
  }

  private void receive(RoutingContext ctx) {
    SourceConfig source = intake.source(Channel.EMAIL, ctx.pathParam("source"));
    EmailOptions options = this.options.get(source.id());
    RawRequest[] request = new RawRequest[1];
    // a large mail takes a while to decode: parsed on a worker, after the signature check
    intake.receive(ctx, source, (req, src) -> {
      request[0] = req;
      return ParseResult.of(TicketEvent.builder(Channel.EMAIL, src.id(), "", req.receivedAt()).build());
    }, unparsed -> ctx.vertx().executeBlocking(
            () -> parser.parse(request[0].body(), source.id(), request[0].receivedAt(), options), false)
        .compose(mail -> mails.store(mail, options)))
        .onSuccess(a -> {
          if (a.id() != null) IntakeRoutes.respond(ctx, a);
          else ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8")
              .end(new JsonObject().put("status", a.status()).put("reason", "our own mail came back").encode());
        })
        .onFailure(ctx::fail);
  }
}
