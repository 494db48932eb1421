package io.voxgate.channel.phone;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voxgate.channel.IntakeRoutes;
import io.voxgate.channel.IntakeRoutes.Authenticator;
import io.voxgate.channel.IntakeRoutes.Parsing;
import io.voxgate.channel.RawRequest;
import io.voxgate.config.PhoneOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.http.RawBody;
import io.voxgate.ticket.Accepted;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.RawInput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * {@code POST /intake/phone/:source}: a call event in the source's format, authenticated by the
 * Voxgate signature, Twilio's signature (twilio) or Zammad's {@code ?token=} (generic, when
 * configured), then merged into the call's ticket by {@link PhoneCalls}. Answers
 * {@code {id, number, status}} (201 for the event that made the ticket), TwiML for Twilio.
 */
public final class PhoneRoutes {
  /** Event-bus address told when a recording waits to be fetched. */
  public static final String RECORDINGS_WAKEUP = "voxgate.phone.recordings";
  private final IntakeRoutes intake;
  private final PhoneCalls calls;
  private final Map<String, PhoneOptions> options;
  private final long bodyLimit;

  /** One call event with what came with it. */
  record Received(CallEvent event, RawRequest request) {
  }

  public PhoneRoutes(IntakeRoutes intake, PhoneCalls calls, Map<String, PhoneOptions> options, long bodyLimit) {
    this.intake = intake;
    this.calls = calls;
    this.options = options;
    this.bodyLimit = bodyLimit;
  }

  public Router router(Vertx vertx) {
    Router r = Router.router(vertx);
    r.post("/intake/phone/:source").handler(ctx -> {
      intake.source(Channel.PHONE, ctx.pathParam("source")); // 404 before reading a body
      ctx.next();
    }).handler(new RawBody(bodyLimit)).handler(ctx -> receive(vertx, ctx));
    return r;
  }

  private void receive(Vertx vertx, RoutingContext ctx) {
    SourceConfig source = intake.source(Channel.PHONE, ctx.pathParam("source"));
    PhoneOptions opt = options.get(source.id());
    intake.receive(ctx, source, authenticator(opt), req -> parse(opt, req),
            (Received r) -> calls.record(source.id(), opt, r.event(),
                new RawInput(r.request().contentType(), r.request().body()), r.request().receivedAt())
                .onSuccess(a -> {
                  if (PhoneCalls.fetchable(opt, r.event().recordingUrl())) vertx.eventBus().publish(RECORDINGS_WAKEUP, source.id());
                }))
        .onSuccess(a -> respond(ctx, opt, a))
        .onFailure(ctx::fail);
  }

  private static Parsing<Received> parse(PhoneOptions opt, RawRequest req) {
    Parsing<CallEvent> p = switch (opt.format()) {
      case GENERIC -> new GenericCtiParser().parse(req);
      case TWILIO -> new TwilioParser().parse(req);
      case MAPPED -> new MappedParser(opt.mapping()).parse(req);
    };
    return p.errors().isEmpty() ? Parsing.ok(new Received(p.value(), req)) : new Parsing<>(null, p.errors());
  }

  private static Authenticator authenticator(PhoneOptions opt) {
    if (opt.format() == PhoneOptions.Format.TWILIO) return (ctx, source, body) -> twilio(ctx, source, body, opt);
    if (opt.token().isPresent()) {
      return (ctx, source, body) -> {
        String given = ctx.request().getParam("token");
        if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
            opt.token().get().getBytes(StandardCharsets.UTF_8))) return null;
        String hmac = source.signed() ? IntakeRoutes.VOXGATE_SIGNATURE.reject(ctx, source, body) : "missing or wrong ?token=";
        return hmac == null ? null : "missing or wrong ?token= (or " + hmac + ")";
      };
    }
    return IntakeRoutes.VOXGATE_SIGNATURE;
  }

  /** Twilio signs the URL it was configured with: the source's public_url, with this request's query. */
  private static String twilio(RoutingContext ctx, SourceConfig source, byte[] body, PhoneOptions opt) {
    String url = opt.publicUrl().orElseThrow();
    String query = ctx.request().query();
    if (query != null && !query.isEmpty()) url = (url.contains("?") ? url.substring(0, url.indexOf('?')) : url) + "?" + query;
    String sig = ctx.request().getHeader(TwilioSignature.HEADER);
    String type = ctx.request().getHeader("Content-Type");
    boolean ok = type != null && type.toLowerCase().contains("json")
        ? TwilioSignature.validBody(source.secret().orElseThrow(), url, body, sig)
        : TwilioSignature.validForm(source.secret().orElseThrow(), url, Params.form(body, false).all(), sig);
    return ok ? null : "missing or wrong " + TwilioSignature.HEADER + " (Twilio's signature of " + url + ")";
  }

  private static void respond(RoutingContext ctx, PhoneOptions opt, Accepted a) {
    if (opt.format() != PhoneOptions.Format.TWILIO) {
      IntakeRoutes.respond(ctx, a);
      return;
    }
    ctx.response().setStatusCode(a.created() ? 201 : 200).putHeader("Content-Type", "text/xml; charset=utf-8")
        .putHeader("X-Voxgate-Ticket", a.number()).end(opt.twiml());
  }
}
