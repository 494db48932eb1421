package io.voxgate.channel.email;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.Gateway;
import io.voxgate.config.EmailOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.db.Database;
import io.voxgate.db.Sql;
import io.voxgate.ticket.Intake;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Polls one IMAP mailbox: under a PostgreSQL advisory lock (one poller per mailbox across
 * gateways), fetches messages above the stored UIDVALIDITY + UID watermark, stores each, then marks
 * or moves it and advances the watermark — in that order, so an interruption re-fetches and the
 * Message-ID key deduplicates. Waits with IMAP IDLE where offered, else polls. Angus Mail runs only
 * on this mailbox's named worker pool. A failure is recorded and retried; it never stops the schedule.
 */
public final class MailboxPoller extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(MailboxPoller.class.getName());
  private static final Duration IDLE_RENEW = Duration.ofSeconds(10);
  private final Gateway.Shared shared;
  private final SourceConfig source;
  private MailIntake mails;
  private final EmailOptions options;
  private final EmailOptions.Imap imap;
  private final AtomicLong unprocessed = new AtomicLong(-1);
  private WorkerExecutor worker;
  private ImapSession session;
  private MailboxDrain drain;
  private PgConnection lock;
  private long timer = -1;
  private volatile boolean stopped;

  public MailboxPoller(Gateway.Shared shared, SourceConfig source) {
    this.shared = shared;
    this.source = source;
    this.options = EmailOptions.from(source.settings(), shared.config().smtp().messageIdDomain());
    this.imap = options.imap().orElseThrow();
  }

  @Override
  public Future<?> start() {
    var config = shared.config();
    Intake intake = shared.intake(vertx, config.intake().batchMax(), 1);
    mails = new MailIntake(shared.pool(), intake, intake.blobs(), shared.clock());
    // two threads: one may idle while the other wakes it
    worker = vertx.createSharedWorkerExecutor("voxgate-imap-" + source.id(), 2,
        imap.timeout().toMillis() * 4 + imap.poll().toMillis(), TimeUnit.MILLISECONDS);
    session = new ImapSession(imap);
    drain = new MailboxDrain(vertx, shared.pool(), source.id(), options, session, mails, worker, unprocessed,
        () -> stopped);
    Gauge.builder("voxgate.mailbox.unprocessed", unprocessed, AtomicLong::get)
        .description("messages in the mailbox folder not yet ingested (-1 before the first poll)")
        .tag("source", source.id()).register(shared.registry());
    schedule(0);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    blocking(() -> {
      session.wake(); // ends a running IDLE; a folder command, so not on the event loop
      return null;
    });
    Future<Void> closed = blocking(() -> {
      session.close();
      return null;
    });
    return Future.join(closed, lock == null ? Future.succeededFuture() : lock.close())
        .eventually(() -> worker.close()).otherwiseEmpty();
  }

  private void schedule(long delayMs) {
    if (!stopped) timer = vertx.setTimer(Math.max(1, delayMs), t -> cycle());
  }

  private void cycle() {
    boolean[] backlog = {false};
    lock().compose(held -> held ? drain.run().compose(stored -> {
          // mail that arrived while the last batch was stored is taken at once, IDLE or not
          backlog[0] = stored > 0 && unprocessed.get() > 0;
          return blocking(session::canIdle);
        }) : Future.succeededFuture(false))
        .onSuccess(idle -> {
          if (lock != null) shared.activity().polled(source.id(), shared.clock().instant());
          if (backlog[0]) schedule(0);
          else if (idle && imap.idle()) idleThenCycle();
          else schedule(imap.poll().toMillis());
        })
        .onFailure(err -> {
          if (stopped) return;
          LOG.warning(() -> source.id() + " mailbox poll failed: " + err);
          shared.activity().error(source.id(), shared.clock().instant(), "IMAP poll failed: " + err.getMessage());
          blocking(() -> {
            session.close();
            return null;
          }).onComplete(v -> schedule(imap.poll().toMillis()));
        });
  }

  /** Whether this gateway holds the mailbox's lock (taken on a connection of its own). */
  private Future<Boolean> lock() {
    if (lock != null) return Future.succeededFuture(true);
    String url = shared.config().database().url().orElseThrow();
    return PgConnection.connect(vertx, Database.connectOptions(url))
        .compose(c -> c.preparedQuery(Sql.get("email/try_mailbox_lock")).execute(Tuple.of(source.id())).map(rows -> {
          boolean held = rows.iterator().next().getBoolean(0);
          if (held) {
            lock = c;
            c.closeHandler(v -> lock = null);
          } else {
            c.close();
          }
          return held;
        }));
  }

  private void idleThenCycle() {
    // IDLE is renewed at least every IDLE_RENEW: a server may not report mail that lands between our
    // last look and the start of IDLE (GreenMail does not), which would otherwise wait for the poll
    long watchdog = vertx.setTimer(Math.min(imap.poll().toMillis(), IDLE_RENEW.toMillis()), t -> blocking(() -> {
      session.wake();
      return null;
    }));
    drain.state().compose(st -> blocking(() -> {
      session.idle(st[0], st[1]);
      return null;
    })).onComplete(ar -> {
      vertx.cancelTimer(watchdog);
      if (ar.failed() && !stopped) shared.activity().error(source.id(), shared.clock().instant(), "IMAP IDLE failed: " + ar.cause().getMessage());
      schedule(ar.failed() ? imap.poll().toMillis() : 0);
    });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(work, false);
  }
}
