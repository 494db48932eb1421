package io.voxgate.channel.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.EmailOptions;
import io.voxgate.db.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * One drain of a mailbox for {@link MailboxPoller}: batch by batch, store the mails, then mark or
 * move them, then advance the watermark — never the watermark before the commit. Per-batch phase
 * times (fetch, parse, store, mark, watermark) are logged at FINE on the {@link MailboxPoller} logger.
 * Runs on the poller's event loop; IMAP calls run on the mailbox's worker, parsing on the shared workers.
 */
final class MailboxDrain {
  private static final Logger LOG = Logger.getLogger(MailboxPoller.class.getName());
  private final Vertx vertx;
  private final Pool pool;
  private final String source;
  private final EmailOptions options;
  private final EmailOptions.Imap imap;
  private final ImapSession session;
  private final MailIntake mails;
  private final WorkerExecutor worker;
  private final AtomicLong unprocessed;
  private final BooleanSupplier stopped;
  private final MailParser parser = new MailParser();

  MailboxDrain(Vertx vertx, Pool pool, String source, EmailOptions options, ImapSession session, MailIntake mails,
               WorkerExecutor worker, AtomicLong unprocessed, BooleanSupplier stopped) {
    this.vertx = vertx;
    this.pool = pool;
    this.source = source;
    this.options = options;
    this.imap = options.imap().orElseThrow();
    this.session = session;
    this.mails = mails;
    this.worker = worker;
    this.unprocessed = unprocessed;
    this.stopped = stopped;
  }

  /** A fetched batch, its parsed mails and how long each took. */
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
  Future<Integer> run() {
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
          .map(f -> f.truncated() ? parser.parseFirstBytes(f.raw(), f.size(), source, f.receivedAt(), options)
              : parser.parse(f.raw(), source, f.receivedAt(), options)).toList(), false));
    }
    return Future.all(parts).map(all -> {
      List<Mail> out = new ArrayList<>(fetched.size());
      for (Future<List<Mail>> part : parts) out.addAll(part.result());
      return out;
    });
  }

  private Future<Integer> drainFrom(Prepared p, int stored) {
    if (p.mails().isEmpty() || stopped.getAsBoolean()) return reconcile().map(stored);
    Future<Prepared> next = p.batch().more() > 0 ? prepare(p.batch().uidValidity(), p.lastUid()) : null;
    return ingest(p).transform(ar -> {
      if (ar.failed()) { // the next batch's fetch finishes first: nothing of this drain outlives it
        return next == null ? Future.failedFuture(ar.cause()) : next.transform(x -> Future.failedFuture(ar.cause()));
      }
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
    if (stopped.getAsBoolean()) return Future.failedFuture("mailbox poller stopped");
    long[] at = {System.nanoTime(), 0, 0};
    return storeInWaves(p.mails())
        .compose(v -> blocking(() -> {
          at[1] = System.nanoTime();
          session.done(p.batch().messages().stream().map(ImapSession.Fetched::uid).toList());
          at[2] = System.nanoTime();
          return null;
        }))
        .compose(v -> pool.preparedQuery(Sql.get("email/save_mailbox_state"))
            .execute(Tuple.of(source, imap.folder(), p.batch().uidValidity(), p.lastUid())).<Void>mapEmpty())
        .onSuccess(v -> LOG.fine(() -> String.format("%s: %d mails (%d more): fetch %d ms, parse %d ms, store %d ms, "
                + "%s %d ms, watermark %d ms", source, p.mails().size(), p.batch().more(), p.fetchMs(), p.parseMs(),
            ms(at[0], at[1]), imap.after().name().toLowerCase(Locale.ROOT), ms(at[1], at[2]),
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
  Future<long[]> state() {
    return pool.preparedQuery(Sql.get("email/get_mailbox_state")).execute(Tuple.of(source)).map(rows -> {
      if (rows.size() == 0) return new long[] {-1, 0};
      var r = rows.iterator().next();
      if (!imap.folder().equals(r.getString("folder"))) return new long[] {-1, 0};
      return new long[] {r.getLong("uid_validity"), r.getLong("last_uid")};
    });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(work, false);
  }
}
