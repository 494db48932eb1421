package io.voxgate.channel.email;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.channel.ParseResult;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.EmailOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.RawBody;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.TicketEvent;

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
  private final String messageIdDomain;

  /** @param messageIdDomain the domain of our outgoing Message-IDs: a mail carrying it is our own coming back */
  public EmailRoutes(IntakeRoutes intake, MailIntake mails, long bodyLimit, String messageIdDomain) {
    this.messageIdDomain = messageIdDomain;
    this.intake = intake;
    this.mails = mails;
    this.bodyLimit = bodyLimit;
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.post("/intake/email/:source").handler(new RawBody(bodyLimit)).handler(this::receive);
    return r;
  }

  private void receive(RoutingContext ctx) {
    SourceConfig source = intake.source(Channel.EMAIL, ctx.pathParam("source"));
    EmailOptions options = EmailOptions.from(source.settings(), messageIdDomain);
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
