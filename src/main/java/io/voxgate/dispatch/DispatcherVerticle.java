package io.voxgate.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.voxgate.Gateway;
import io.voxgate.db.Database;
import java.util.logging.Logger;

/**
 * Runs {@link Dispatcher} passes one at a time: woken by {@code NOTIFY voxgate_outbox} right after an
 * intake commits, by a timer as fallback (and for clocks falling due), and by {@link #tickNow()}.
 * Wake-ups while a pass runs are folded into one next pass; a full batch runs again at once.
 */
public final class DispatcherVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(DispatcherVerticle.class.getName());
  private final Gateway.Shared shared;
  private Dispatcher dispatcher;
  private EmailSender email;
  private PgSubscriber subscriber;
  private Context ctx;
  private Future<Void> chain = Future.succeededFuture();
  private Future<Void> queued;
  private String lastError;

  public DispatcherVerticle(Gateway.Shared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    ctx = context;
    var config = shared.config();
    email = new EmailSender(vertx, config.smtp());
    dispatcher = new Dispatcher(shared.pool(), config, shared.dispatch(), email, new WebhookSender(vertx, config.sms()),
        shared.clock());
    vertx.setPeriodic(config.dispatch().poll().toMillis(), t -> wake());
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(config.database().url().orElseThrow()))
        .reconnectPolicy(retries -> 2_000L);
    subscriber.channel("voxgate_outbox").handler(payload -> wake());
    subscriber.connect().onFailure(e -> LOG.warning("LISTEN voxgate_outbox failed, polling only: " + e.getMessage()));
    wake();
    return Future.succeededFuture();
  }

  /** A full pass that starts after this call; callable from any thread (tests, admin). */
  public Future<Void> tickNow() {
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> wake().onComplete(p));
    return p.future();
  }

  private Future<Void> wake() {
    if (queued != null) return queued;
    Promise<Void> next = Promise.promise();
    queued = next.future();
    chain.onComplete(ar -> {
      queued = null; // wake-ups from here on need a pass after this one
      pass().onComplete(next);
    });
    chain = next.future();
    return chain;
  }

  private Future<Void> pass() {
    return dispatcher.tick().map(n -> {
      lastError = null;
      if (n >= shared.config().dispatch().batch()) wake();
      return (Void) null;
    }).recover(e -> {
      String msg = String.valueOf(e.getMessage());
      if (!msg.equals(lastError)) LOG.warning("dispatcher pass failed (retried on the next wake-up): " + msg);
      lastError = msg;
      return Future.succeededFuture();
    });
  }

  /** Where the SMTP server is, for the health probe. */
  public EmailSender email() {
    return email;
  }

  @Override
  public Future<?> stop() {
    return Future.join(subscriber.close(), email.close());
  }
}
