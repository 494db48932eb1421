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
 * intake commits (new tickets and messages only), by a timer as fallback that also watches the
 * deadline clocks, and by {@link #tickNow()} (everything).
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
  private boolean queuedWatch;
  private String lastError;
  private volatile boolean stopping;

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
    vertx.setPeriodic(config.dispatch().poll().toMillis(), t -> wake(true));
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(config.database().url().orElseThrow()))
        .reconnectPolicy(retries -> 2_000L);
    subscriber.channel("voxgate_outbox").handler(payload -> wake(false));
    subscriber.connect().onFailure(e -> LOG.warning("LISTEN voxgate_outbox failed, polling only: " + e.getMessage()));
    wake(true);
    return Future.succeededFuture();
  }

  /** A full pass that starts after this call, and the passes it queues until a batch is not full: everything
   * due now is sent when it completes. Callable from any thread (tests, admin). */
  public Future<Void> tickNow() {
    Promise<Void> p = Promise.promise();
    ctx.runOnContext(v -> settle(wake(true), p));
    return p.future();
  }

  /** Completes once no pass is queued behind {@code pass}: a full batch's follow-ups are part of "now". */
  private void settle(Future<Void> pass, Promise<Void> done) {
    pass.onComplete(ar -> {
      if (chain == pass) done.complete();
      else settle(chain, done);
    });
  }

  /** @param watchClocks whether the pass also watches the deadline clocks (timer, explicit) */
  private Future<Void> wake(boolean watchClocks) {
    if (queued != null) {
      queuedWatch |= watchClocks;
      return queued;
    }
    Promise<Void> next = Promise.promise();
    queued = next.future();
    queuedWatch = watchClocks;
    chain.onComplete(ar -> {
      boolean watch = queuedWatch;
      queued = null; // wake-ups from here on need a pass after this one
      pass(watch).onComplete(next);
    });
    chain = next.future();
    return chain;
  }

  private Future<Void> pass(boolean watchClocks) {
    return dispatcher.tick(watchClocks).map(full -> {
      lastError = null;
      if (full) wake(false);
      return (Void) null;
    }).recover(e -> {
      if (stopping) return Future.succeededFuture();
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
    stopping = true;
    return Future.join(subscriber.close(), email.close());
  }
}
