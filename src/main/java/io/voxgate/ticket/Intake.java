package io.voxgate.ticket;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything after a channel's parser: normalise, write attachment blobs, store in one
 * transaction, count. Channel-agnostic; one instance per event loop (it owns a {@link TicketStore}).
 */
public final class Intake {
  private final Normaliser normaliser;
  private final BlobStore blobs;
  private final TicketStore store;
  private final IntakeMeters meters;
  private final SourceActivity activity;
  private final Clock clock;

  public Intake(Normaliser normaliser, BlobStore blobs, TicketStore store, IntakeMeters meters,
                SourceActivity activity, Clock clock) {
    this.normaliser = normaliser;
    this.blobs = blobs;
    this.store = store;
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

  private static TicketEvent withoutContent(TicketEvent e) {
    if (e.attachments().isEmpty()) return e;
    return e.toBuilder().attachments(e.attachments().stream().map(Attachment::withoutContent).toList()).build();
  }
}
