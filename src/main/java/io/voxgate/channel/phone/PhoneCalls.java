package io.voxgate.channel.phone;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.PhoneOptions;
import io.voxgate.db.Sql;
import io.voxgate.ticket.Accepted;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.Normaliser;
import io.voxgate.ticket.RawInput;
import io.voxgate.ticket.TicketEvent;
import io.voxgate.ticket.TicketRevisions;
import io.voxgate.ticket.TimelineEntry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stores call events: the first event of a call makes its ticket (through {@link Intake}); every
 * event is then merged, inside one transaction holding the call's row lock, with all earlier
 * events of that call, and the ticket revised from the merged state. A re-delivered event (same
 * {@link CallEvent#hash()}) changes nothing. Two events of one call arriving at once therefore
 * give one ticket and the state of both. Never blocks.
 */
public final class PhoneCalls {
  private final Pool pool;
  private final Function<TicketEvent, Future<Accepted>> submit;
  private final Normaliser normaliser;
  private final TicketRevisions revisions;
  private final BlobStore blobs;
  private final Clock clock;

  private record Locked(SqlConnection conn, UUID ticketId, String number, String status, Instant firstReceived,
                        CallState state, List<CallEvent> events) {
  }

  /** @param submit makes a call's ticket, normally {@link io.voxgate.ticket.Intake#submit} */
  public PhoneCalls(Pool pool, Function<TicketEvent, Future<Accepted>> submit, TicketRevisions revisions,
                    Normaliser normaliser, BlobStore blobs, Clock clock) {
    this.pool = pool;
    this.submit = submit;
    this.normaliser = normaliser;
    this.revisions = revisions;
    this.blobs = blobs;
    this.clock = clock;
  }

  public TicketRevisions revisions() {
    return revisions;
  }

  /** Records one event; {@code created} is true only for the request that made the ticket. */
  public Future<Accepted> record(String source, PhoneOptions opt, CallEvent e, RawInput raw, Instant receivedAt) {
    return pool.preparedQuery(Sql.get("phone/find_call")).execute(Tuple.of(source, e.callId())).compose(rows -> {
      if (rows.size() > 0) return merge(source, opt, e, raw, receivedAt, rows.iterator().next().getUUID("ticket_id"), false);
      CallState single = CallState.merge(List.of(e));
      TicketEvent first = CallTickets.event(source, opt, single, receivedAt, single.asOf(clock.instant()), raw, List.of());
      return submit.apply(first).compose(a -> merge(source, opt, e, a.created() ? null : raw, receivedAt, a.id(), a.created()));
    });
  }

  private Future<Accepted> merge(String source, PhoneOptions opt, CallEvent e, RawInput raw, Instant receivedAt,
                                 UUID ticketId, boolean created) {
    // lock the call row before adding the event: the event's foreign key would otherwise take a
    // share lock first, and two events of one call would deadlock on the upgrade
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("phone/insert_call"))
        .execute(Tuple.of(source, e.callId(), ticketId, utc(receivedAt)))
        .compose(v -> lockRow(conn, source, e.callId()))
        .compose(row -> conn.preparedQuery(Sql.get("phone/add_event"))
            .execute(Tuple.of(source, e.callId(), e.hash(), e.toJson(), utc(receivedAt)))
            .compose(added -> {
              Accepted answer = new Accepted(row.getUUID("ticket_id"), row.getString("number"), row.getString("status"), created);
              if (added.size() == 0) return Future.succeededFuture(answer); // a re-delivery
              return withEvents(conn, source, e.callId(), row).compose(call -> {
                Instant now = call.state().asOf(clock.instant());
                List<TimelineEntry> entries = new ArrayList<>();
                for (TimelineEntry t : CallTickets.entries(e, call.state())) {
                  entries.add(t.type().equals("call_recording") ? new TimelineEntry(t.at(), t.type(), t.actor(),
                      t.data().put("fetch", fetchable(opt, e.recordingUrl()) ? "queued" : "host_not_allowed")) : t);
                }
                return revise(call, source, opt, raw, List.of(), entries, now)
                    .compose(v -> queueRecording(conn, source, opt, e))
                    .map(answer);
              });
            })));
  }

  /** Adds a fetched recording to its call's ticket. */
  public Future<Void> attachRecording(String source, PhoneOptions opt, String callId, String url, Attachment a) {
    return blobs.put(a.sha256(), a.content()).compose(v -> pool.withTransaction(conn -> lock(conn, source, callId)
        .compose(call -> revise(call, source, opt, null, List.of(a.withoutContent()), List.of(new TimelineEntry(
            clock.instant(), "call_recording_stored", CallTickets.ACTOR, new JsonObject().put("url", url)
            .put("filename", a.filename()).put("size", a.size()).put("sha256", a.sha256()))), clock.instant()))));
  }

  /** Marks calls that rang longer than their source's ring time as missed; answers how many. */
  public Future<Integer> markRingTimeouts(Function<String, PhoneOptions> options, int limit) {
    Instant now = clock.instant();
    return pool.preparedQuery(Sql.get("phone/list_ringing")).execute(Tuple.of(utc(now), limit)).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Row r : rows) {
        String source = r.getString("source");
        String callId = r.getString("call_id");
        PhoneOptions opt = options.apply(source);
        if (opt == null) continue;
        chain = chain.compose(n -> pool.withTransaction(conn -> lock(conn, source, callId).compose(call ->
            call.state().missed(now, opt.ringTimeout())
                ? revise(call, source, opt, null, List.of(), List.of(CallTickets.ringTimedOut(call.state(), now)), now).map(n + 1)
                : updateCall(conn, source, call.state(), opt, now).map(n))));
      }
      return chain;
    });
  }

  private Future<Locked> lock(SqlConnection conn, String source, String callId) {
    return lockRow(conn, source, callId).compose(row -> withEvents(conn, source, callId, row));
  }

  private static Future<Row> lockRow(SqlConnection conn, String source, String callId) {
    return conn.preparedQuery(Sql.get("phone/lock_call")).execute(Tuple.of(source, callId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new IllegalStateException("no call " + source + "/" + callId))
        : Future.succeededFuture(rows.iterator().next()));
  }

  private static Future<Locked> withEvents(SqlConnection conn, String source, String callId, Row r) {
    return conn.preparedQuery(Sql.get("phone/list_events")).execute(Tuple.of(source, callId)).map(evs -> {
      List<CallEvent> events = new ArrayList<>();
      evs.forEach(x -> events.add(CallEvent.fromJson(x.getJsonObject("event"))));
      return new Locked(conn, r.getUUID("ticket_id"), r.getString("number"), r.getString("status"),
          r.getOffsetDateTime("first_received_at").toInstant(), CallState.merge(events), events);
    });
  }

  private Future<Void> revise(Locked call, String source, PhoneOptions opt, RawInput raw, List<Attachment> files,
                              List<TimelineEntry> entries, Instant now) {
    TicketEvent event = normaliser.apply(CallTickets.event(source, opt, call.state(), call.firstReceived(), now, raw, files));
    boolean missed = call.state().missed(now, opt.ringTimeout());
    return updateCall(call.conn(), source, call.state(), opt, now)
        .compose(v -> revisions.revise(call.conn(), call.ticketId(), event, entries, CallTickets.clearedFlags(call.state(), opt, now)))
        .compose(v -> missed ? Future.succeededFuture()
            : call.conn().preparedQuery(Sql.get("phone/drop_callback_clock")).execute(Tuple.of(call.ticketId())))
        .mapEmpty();
  }

  private static Future<Void> updateCall(SqlConnection conn, String source, CallState s, PhoneOptions opt, Instant now) {
    boolean missed = s.missed(now, opt.ringTimeout());
    boolean ringing = s.inbound() && !s.answered() && !s.ended() && !missed;
    return conn.preparedQuery(Sql.get("phone/update_call")).execute(Tuple.from(new Object[] {
        source, s.callId(), s.inbound() ? "in" : "out", utc(s.startedAt()), utc(s.answeredAt()), utc(s.endedAt()),
        s.talkSeconds(), missed, ringing ? utc(s.startedAt().plus(opt.ringTimeout())) : null})).mapEmpty();
  }

  private static Future<Void> queueRecording(SqlConnection conn, String source, PhoneOptions opt, CallEvent e) {
    if (!fetchable(opt, e.recordingUrl())) return Future.succeededFuture();
    return conn.preparedQuery(Sql.get("phone/add_fetch")).execute(Tuple.of(source, e.callId(), e.recordingUrl()))
        .mapEmpty();
  }

  static boolean fetchable(PhoneOptions opt, String url) {
    if (url == null) return false;
    try {
      return opt.recordings().allowsUrl(URI.create(url));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }
}
