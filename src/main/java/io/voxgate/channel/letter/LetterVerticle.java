package io.voxgate.channel.letter;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.voxgate.Gateway;
import io.voxgate.config.LetterOptions;
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.IntakeMeters;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Reads uploaded letters off the event loop and revises their tickets. One per gateway. Letters
 * arrive by an event-bus message from the upload route and by a sweep (at start and every
 * {@code letter.sweep}) for letters left unfinished, e.g. by a restart or a crashed instance; each is
 * claimed under a lease so one instance reads it. At most {@code letter.workers} letters are read at a
 * time on the named worker pool {@value #POOL}. A failed attempt is retried later; after
 * {@code max_attempts} the ticket is finished flagged {@code ocr_failed}, its scan kept.
 */
public final class LetterVerticle extends VerticleBase {
  public static final String ADDRESS = "voxgate.letter.read";
  public static final String POOL = "voxgate-letter-ocr";
  private static final Logger LOG = Logger.getLogger(LetterVerticle.class.getName());
  private static final long RETRY_DELAY_MS = 30_000;
  private final Gateway.Shared shared;
  private final String instance = UUID.randomUUID().toString();
  private final ArrayDeque<UUID> waiting = new ArrayDeque<>();
  private final Set<UUID> known = new HashSet<>();
  private LetterOptions top;
  private WorkerExecutor worker;
  private LetterJobs jobs;
  private Intake intake;
  private BlobStore blobs;
  private TextExtractor extractor;
  private IntakeMeters meters;
  private int running;
  private long leaseMillis;

  public LetterVerticle(Gateway.Shared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    top = shared.config().letter();
    if (top.workers() == 0) return Future.succeededFuture(); // this instance leaves letters to others
    leaseMillis = shared.config().sources().stream().filter(s -> s.channel() == Channel.LETTER)
        .mapToLong(s -> lease(shared.config().letterOptions(s))).max().orElse(0);
    leaseMillis = Math.max(leaseMillis, lease(top));
    worker = vertx.createSharedWorkerExecutor(POOL, top.workers(), leaseMillis, TimeUnit.MILLISECONDS);
    jobs = new LetterJobs(shared.pool());
    intake = shared.intake(vertx, 1, 1);
    blobs = intake.blobs();
    meters = intake.meters();
    extractor = new TextExtractor(new Ocr(top.tesseract()));
    vertx.eventBus().<String>localConsumer(ADDRESS, m -> enqueue(UUID.fromString(m.body())));
    vertx.setPeriodic(top.sweep().toMillis(), t -> sweep());
    sweep();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return worker == null ? Future.succeededFuture() : worker.close();
  }

  private void sweep() {
    jobs.pending(Math.max(8, top.workers() * 4))
        .onSuccess(ids -> ids.forEach(this::enqueue))
        .onFailure(err -> LOG.warning("looking for unfinished letters failed: " + err.getMessage()));
  }

  private void enqueue(UUID id) {
    if (known.add(id)) waiting.add(id);
    drain();
  }

  private void drain() {
    while (running < top.workers() && !waiting.isEmpty()) {
      UUID id = waiting.poll();
      running++;
      read(id).onComplete(r -> {
        running--;
        known.remove(id);
        if (r.failed()) LOG.warning("letter " + id + ": " + r.cause());
        drain();
      });
    }
  }

  private Future<Void> read(UUID id) {
    return jobs.claim(id, instance, leaseMillis).compose(claimed -> {
      if (claimed.isEmpty()) return Future.succeededFuture();
      LetterJobs.Claimed c = claimed.get();
      LetterOptions options = shared.config().source(c.ticket().source())
          .map(s -> shared.config().letterOptions(s)).orElse(top);
      Future<List<PageText>> pages = c.attempt() > top.maxAttempts()
          ? Future.succeededFuture(List.of(PageText.failed(String.join(", ", c.ticket().filenames()), 1, "ocr_failed",
              "gave up after " + top.maxAttempts() + " attempts")))
          : worker.executeBlocking(() -> extractor.read(c.scans().stream().map(s ->
              new TextExtractor.StoredScan(s.filename(), s.mediaType(), blobs.path(s.sha256()))).toList(), options), false);
      return pages
          .compose(p -> {
            LetterEvents.Revision r = LetterEvents.revision(c.ticket(), p, options, shared.clock().instant());
            // counted per source as read, or by the first problem (ocr_failed, parse_failed, low_confidence)
            String outcome = List.of(LetterEvents.PARSE_FAILED, LetterEvents.OCR_FAILED, LetterEvents.LOW_CONFIDENCE).stream()
                .filter(r.event().flags()::contains).findFirst().orElse("read");
            return intake.revise(id, r.event(), List.of(r.entry()), Set.of(LetterEvents.PROCESSING))
                .onSuccess(a -> meters.count(Channel.LETTER, c.ticket().source(), "letter_" + outcome));
          })
          .compose(a -> jobs.finish(id))
          .recover(err -> jobs.retryLater(id, RETRY_DELAY_MS, String.valueOf(err.getMessage()))
              .compose(v -> Future.failedFuture(err)));
    });
  }

  /** Long enough for every page of a letter at its time limit. */
  private static long lease(LetterOptions o) {
    return o.ocrTimeout().multipliedBy(o.maxPages()).plus(Duration.ofMinutes(1)).toMillis();
  }
}
