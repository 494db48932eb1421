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
import java.util.ArrayList;
import java.util.List;
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
  private final Gateway.Shared shared;
  private final SourceConfig source;
  private MailIntake mails;
  private final EmailOptions options;
  private final EmailOptions.Imap imap;
  private final MailParser parser = new MailParser();
  private final AtomicLong unprocessed = new AtomicLong(-1);
  private WorkerExecutor worker;
  private ImapSession session;
  private PgConnection lock;
  private long timer = -1;
  private volatile boolean stopped;

  public MailboxPoller(Gateway.Shared shared, SourceConfig source) {
    this.shared = shared;
    this.source = source;
    this.options = EmailOptions.from(source.settings());
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
    lock().compose(held -> held ? drain().compose(v -> blocking(session::canIdle)) : Future.succeededFuture(false))
        .onSuccess(idle -> {
          if (lock != null) shared.activity().polled(source.id(), shared.clock().instant());
          if (idle && imap.idle()) idleThenCycle();
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

  /** Fetches and stores batches until the folder has nothing new, then updates the gauge. */
  private Future<Void> drain() {
    return state().compose(st -> blocking(() -> session.fetch(st[0], st[1], imap.batch()))
        .compose(batch -> ingest(batch).compose(v -> batch.more() > 0 && !stopped ? drain() : reconcile())));
  }

  /**
   * Stores a batch, then marks or moves it, then advances the watermark. New mails are stored
   * together (one grouped commit); mails that may thread onto another follow one by one, so a
   * reply finds an original from the same batch.
   */
  private Future<Void> ingest(ImapSession.Batch batch) {
    if (batch.messages().isEmpty()) return Future.succeededFuture();
    return blocking(() -> batch.messages().stream()
            .map(f -> parser.parse(f.raw(), source.id(), f.receivedAt(), options)).toList())
        .compose(parsed -> {
          if (stopped) return Future.failedFuture("mailbox poller stopped");
          List<Future<?>> fresh = new ArrayList<>();
          List<Mail> threaded = new ArrayList<>();
          for (Mail m : parsed) {
            if (m.references().isEmpty() && m.numbers().isEmpty() && m.bounce() == null) fresh.add(mails.store(m, options));
            else threaded.add(m);
          }
          Future<Void> chain = Future.all(fresh).mapEmpty();
          for (Mail m : threaded) chain = chain.compose(v -> mails.store(m, options).mapEmpty());
          return chain;
        })
        .compose(v -> blocking(() -> {
          session.done(batch.messages().stream().map(ImapSession.Fetched::uid).toList());
          return null;
        }))
        .compose(v -> shared.pool().preparedQuery(Sql.get("email/save_mailbox_state")).execute(Tuple.of(source.id(),
            imap.folder(), batch.uidValidity(), batch.messages().get(batch.messages().size() - 1).uid())).mapEmpty());
  }

  private Future<Void> reconcile() {
    return state().compose(st -> blocking(() -> session.unprocessed(st[0], st[1])))
        .map(n -> {
          unprocessed.set(n);
          return null;
        });
  }

  /** {uidValidity, lastUid}; {-1, 0} before the first mail or after the folder setting changed. */
  private Future<long[]> state() {
    return shared.pool().preparedQuery(Sql.get("email/get_mailbox_state")).execute(Tuple.of(source.id())).map(rows -> {
      if (rows.size() == 0) return new long[] {-1, 0};
      var r = rows.iterator().next();
      if (!imap.folder().equals(r.getString("folder"))) return new long[] {-1, 0};
      return new long[] {r.getLong("uid_validity"), r.getLong("last_uid")};
    });
  }

  private void idleThenCycle() {
    long watchdog = vertx.setTimer(imap.poll().toMillis(), t -> blocking(() -> {
      session.wake();
      return null;
    }));
    state().compose(st -> blocking(() -> {
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
