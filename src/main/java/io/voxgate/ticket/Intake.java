package io.voxgate.ticket;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Everything after a channel's parser: normalise, write attachment blobs, store in one
 * transaction, count. Channel-agnostic; one instance per event loop (it owns a {@link TicketStore}).
 */
public final class Intake {
  private final Normaliser normaliser;
  private final BlobStore blobs;
  private final TicketStore store;
  private final TicketRevisions revisions;
  private final IntakeMeters meters;
  private final SourceActivity activity;
  private final Clock clock;

  public Intake(Normaliser normaliser, BlobStore blobs, TicketStore store, TicketRevisions revisions,
                IntakeMeters meters, SourceActivity activity, Clock clock) {
    this.normaliser = normaliser;
    this.blobs = blobs;
    this.store = store;
    this.revisions = revisions;
    this.meters = meters;
    this.activity = activity;
    this.clock = clock;
  }

  public Future<Accepted> submit(TicketEvent parsed) {
    long started = System.nanoTime();
    TicketEvent event = normaliser.apply(parsed);
    return blobs.putAll(event.attachments())
        .compose(v -> store.accept(withoutContent(event)))
        .onSuccess(a -> {
          meters.count(event.channel(), event.source(), a.created() ? "created" : "duplicate");
          meters.latency(event.channel(), Duration.ofNanos(System.nanoTime() - started));
          activity.success(event.source(), clock.instant());
        });
  }

  /**
   * Normalises a later event for an existing ticket, writes its blobs and applies it in one
   * transaction (see {@link TicketRevisions}).
   */
  public Future<Accepted> revise(UUID id, TicketEvent parsed, List<TimelineEntry> entries, Set<String> clearFlags) {
    TicketEvent event = normaliser.apply(parsed);
    return blobs.putAll(event.attachments())
        .compose(v -> revisions.revise(id, withoutContent(event), entries, clearFlags))
        .onSuccess(a -> activity.success(event.source(), clock.instant()));
  }

  public BlobStore blobs() {
    return blobs;
  }

  public IntakeMeters meters() {
    return meters;
  }

  public TicketRevisions revisions() {
    return revisions;
  }

  private static TicketEvent withoutContent(TicketEvent e) {
    if (e.attachments().isEmpty()) return e;
    return e.toBuilder().attachments(e.attachments().stream().map(Attachment::withoutContent).toList()).build();
  }
}
