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
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.IntakeMeters;
import io.voxgate.ticket.TicketRevisions;
import io.voxgate.ticket.TicketStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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
    this.options = EmailOptions.from(source.settings(), shared.config().smtp().messageIdDomain());
    this.imap = options.imap().orElseThrow();
  }

  @Override
  public Future<?> start() {
    var config = shared.config();
    BlobStore blobs = new BlobStore(vertx, config.dataDir());
    TicketStore store = new TicketStore(shared.pool(), shared.clock(), config.deadlines().ack(), config.intake().batchMax(), 1);
    Intake intake = new Intake(shared.normaliser(), blobs, store, new TicketRevisions(shared.pool()),
        new IntakeMeters(shared.registry()), shared.activity(), shared.clock());
    mails = new MailIntake(shared.pool(), intake, blobs, shared.clock());
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
    boolean[] backlog = {false};
    lock().compose(held -> held ? drain().compose(stored -> {
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

  /** A fetched batch and its parsed mails (parsing runs on the worker, next to the fetch). */
  private record Prepared(ImapSession.Batch batch, List<Mail> mails, long fetchMs, long parseMs) {
    long lastUid() {
      return batch.messages().get(batch.messages().size() - 1).uid();
    }
  }

  /**
   * Fetches and stores batches until the folder has nothing new — no pause while a backlog waits,
   * and the next batch is fetched and parsed while the current one is stored — then updates the gauge.
   * Completes with the number of mails stored.
   */
  private Future<Integer> drain() {
    return state().compose(st -> prepare(st[0], st[1])).compose(p -> drainFrom(p, 0));
  }

  private Future<Prepared> prepare(long uidValidity, long lastUid) {
    long started = System.nanoTime();
    return blocking(() -> session.fetch(uidValidity, lastUid, imap.batch())).compose(batch -> {
      long fetched = System.nanoTime();
      return parse(batch.messages())
          .map(parsed -> new Prepared(batch, parsed, ms(started, fetched), ms(fetched, System.nanoTime())));
    });
  }

  /** Parses on the shared worker pool, in as many slices as there are cores (parsing is CPU work, no IMAP). */
  private Future<List<Mail>> parse(List<ImapSession.Fetched> fetched) {
    int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), fetched.size() / 8));
    int size = (fetched.size() + slices - 1) / slices;
    List<Future<List<Mail>>> parts = new ArrayList<>();
    for (int from = 0; from < fetched.size(); from += size) {
      List<ImapSession.Fetched> slice = fetched.subList(from, Math.min(fetched.size(), from + size));
      parts.add(vertx.executeBlocking(() -> slice.stream()
          .map(f -> parser.parse(f.raw(), source.id(), f.receivedAt(), options)).toList(), false));
    }
    return Future.all(parts).map(all -> {
      List<Mail> out = new ArrayList<>(fetched.size());
      for (Future<List<Mail>> part : parts) out.addAll(part.result());
      return out;
    });
  }

  private Future<Integer> drainFrom(Prepared p, int stored) {
    if (p.mails().isEmpty() || stopped) return reconcile().map(stored);
    Future<Prepared> next = p.batch().more() > 0 ? prepare(p.batch().uidValidity(), p.lastUid()) : null;
    return ingest(p).transform(ar -> {
      if (ar.failed()) return next == null ? Future.failedFuture(ar.cause()) : next.transform(x -> Future.failedFuture(ar.cause()));
      int total = stored + p.mails().size();
      return next == null ? reconcile().map(total) : next.compose(n -> drainFrom(n, total));
    });
  }

  /**
   * Stores a batch, then marks or moves it, then advances the watermark. Mails are stored
   * concurrently (their tickets share grouped commits), except that a mail naming the Message-ID of
   * an earlier mail of the same batch waits for it, so a reply finds its original.
   */
  private Future<Void> ingest(Prepared p) {
    if (stopped) return Future.failedFuture("mailbox poller stopped");
    long[] at = {System.nanoTime(), 0, 0};
    return storeInWaves(p.mails())
        .compose(v -> blocking(() -> {
          at[1] = System.nanoTime();
          session.done(p.batch().messages().stream().map(ImapSession.Fetched::uid).toList());
          at[2] = System.nanoTime();
          return null;
        }))
        .compose(v -> shared.pool().preparedQuery(Sql.get("email/save_mailbox_state"))
            .execute(Tuple.of(source.id(), imap.folder(), p.batch().uidValidity(), p.lastUid())).<Void>mapEmpty())
        .onSuccess(v -> LOG.fine(() -> String.format("%s: %d mails (%d more): fetch %d ms, parse %d ms, store %d ms, "
                + "%s %d ms, watermark %d ms", source.id(), p.mails().size(), p.batch().more(), p.fetchMs(), p.parseMs(),
            ms(at[0], at[1]), imap.after().name().toLowerCase(java.util.Locale.ROOT), ms(at[1], at[2]),
            ms(at[2], System.nanoTime()))));
  }

  private Future<Void> storeInWaves(List<Mail> parsed) {
    if (parsed.isEmpty()) return Future.succeededFuture();
    Set<String> earlier = new HashSet<>();
    List<Future<?>> now = new ArrayList<>();
    List<Mail> later = new ArrayList<>();
    for (Mail m : parsed) {
      boolean waits = earlier.contains(m.messageId()) || m.references().stream().anyMatch(earlier::contains)
          || (m.bounce() != null && m.bounce().originalIds().stream().anyMatch(earlier::contains));
      if (waits) later.add(m);
      else now.add(mails.store(m, options));
      earlier.add(m.messageId());
    }
    return Future.join(now).compose(v -> storeInWaves(later));
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  /** Updates the gauge; completes with the number of mails still waiting. */
  private Future<Integer> reconcile() {
    return state().compose(st -> blocking(() -> session.unprocessed(st[0], st[1])))
        .map(n -> {
          unprocessed.set(n);
          return n;
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
