package io.voxgate.channel.email;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.config.EmailOptions;
import io.voxgate.db.Sql;
import io.voxgate.ticket.Accepted;
import io.voxgate.ticket.Attachment;
import io.voxgate.ticket.BlobStore;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.TimelineEntry;
import io.voxgate.ticket.Uuid7;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Stores a parsed mail: a reply that names a ticket (number in the subject, or a Message-ID of the
 * ticket's first mail, of a later customer mail or of a mail we sent) from the ticket's customer or
 * a trusted sender is added to that ticket (timeline {@code customer_reply}, raw mail, attachments;
 * a resolved or closed ticket is reopened); an automatic mail about a ticket is added without
 * reopening it; our own mail coming back is kept but never becomes a ticket; anything else is a new
 * ticket. A hard bounce of one of our mails suppresses the recipient for a while. Idempotent per
 * source and Message-ID. Never blocks.
 */
public final class MailIntake {
  /** What a mail that became no ticket answers (our own mail looping back). */
  public static final String IGNORED = "ignored";
  private final Pool pool;
  private final Intake intake;
  private final BlobStore blobs;
  private final Clock clock;

  public MailIntake(Pool pool, Intake intake, BlobStore blobs, Clock clock) {
    this.pool = pool;
    this.intake = intake;
    this.blobs = blobs;
    this.clock = clock;
  }

  public Future<Accepted> store(Mail mail, EmailOptions options) {
    String source = mail.event().source();
    return known(source, mail.messageId())
        .compose(seen -> seen != null ? Future.succeededFuture(seen) : suppressBounced(mail, options)
            .compose(v -> thread(mail, options))
            .compose(ticket -> {
              if (ticket != null) return addToTicket(ticket, mail);
              if (mail.ownLoop()) return keepLoop(mail);
              return intake.submit(mail.event())
                  .compose(a -> record(source, mail.messageId(), a.id(), "ticket", null).map(a));
            }));
  }

  private Future<Accepted> known(String source, String messageId) {
    return pool.preparedQuery(Sql.get("email/find_message")).execute(Tuple.of(source, messageId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      UUID id = r.getUUID("ticket_id");
      return id == null ? new Accepted(null, null, IGNORED, false) : new Accepted(id, r.getString("number"), r.getString("status"), false);
    });
  }

  /** The ticket this mail belongs to, when it names one and its sender may add to it. */
  private Future<Row> thread(Mail mail, EmailOptions options) {
    List<String> refs = new ArrayList<>(mail.references());
    if (mail.bounce() != null) refs.addAll(mail.bounce().originalIds());
    if (mail.numbers().isEmpty() && refs.isEmpty()) return Future.succeededFuture(null);
    return pool.preparedQuery(Sql.get("email/find_thread_tickets"))
        .execute(Tuple.tuple().addArrayOfString(mail.numbers().toArray(String[]::new))
            .addArrayOfString(refs.toArray(String[]::new)))
        .map(rows -> {
          for (Row r : rows) if (allowed(r, mail, options)) return r;
          return null;
        });
  }

  private static boolean allowed(Row ticket, Mail mail, EmailOptions options) {
    if (mail.automatic() && mail.bounce() != null) return true; // a report about our mail, not a customer's words
    String customer = ticket.getString("customer_email");
    for (String s : mail.senders()) {
      if (s.equalsIgnoreCase(customer)) return true;
      String domain = s.substring(s.indexOf('@') + 1);
      if (options.trustedSenders().contains(s) || options.trustedSenders().contains("@" + domain)) return true;
    }
    return false;
  }

  private Future<Accepted> addToTicket(Row ticket, Mail mail) {
    UUID id = ticket.getUUID("id");
    String source = mail.event().source();
    return blobs.putAll(mail.event().attachments()).compose(v -> pool.withTransaction(conn ->
        conn.preparedQuery(Sql.get("email/insert_message"))
            .execute(Tuple.of(source, mail.messageId(), id, mail.automatic() ? "automatic" : "reply", null))
            .compose(ins -> ins.size() == 0 ? known(source, mail.messageId()) : revise(conn, id, mail))));
  }

  private Future<Accepted> revise(SqlConnection conn, UUID id, Mail mail) {
    Instant now = clock.instant();
    return conn.preparedQuery(Sql.get("email/touch_ticket")).execute(Tuple.of(id)).compose(rows -> {
      Row t = rows.iterator().next();
      String before = t.getString("status");
      boolean reopen = !mail.automatic() && ("resolved".equals(before) || "closed".equals(before));
      List<TimelineEntry> entries = new ArrayList<>();
      String type = mail.automatic() ? mail.event().ack().suppressedReason() : "customer_reply";
      entries.add(new TimelineEntry(mail.event().receivedAt(), type, actor(mail), details(mail)));
      if (reopen) {
        entries.add(new TimelineEntry(now, "status_changed", actor(mail),
            new JsonObject().put("from", before).put("to", "reopened").put("reason", "customer replied by email")));
      }
      Future<Void> status = reopen
          ? conn.preparedQuery(Sql.get("email/reopen_ticket")).execute(Tuple.of(id)).mapEmpty()
          : Future.succeededFuture();
      return status
          .compose(v -> conn.preparedQuery(Sql.get("ticket/add_raw_input")).execute(Tuple.of(id, "message/rfc822",
              mail.event().raw().sha256(), Buffer.buffer(mail.event().raw().bytes()),
              mail.event().receivedAt().atOffset(ZoneOffset.UTC))))
          .compose(v -> attachments(conn, id, mail.event().attachments()))
          .compose(v -> intake.revisions().addTimeline(conn, id, entries))
          .map(v -> new Accepted(id, t.getString("number"), reopen ? "reopened" : before, false));
    });
  }

  private static Future<Void> attachments(SqlConnection conn, UUID id, List<Attachment> files) {
    if (files.isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = files.stream()
        .map(a -> Tuple.of(Uuid7.next(), id, a.filename(), a.mediaType(), a.size(), a.sha256())).toList();
    return conn.preparedQuery(Sql.get("ticket/add_attachment")).executeBatch(rows).mapEmpty();
  }

  /** Our own mail came back (a forwarder, an alias loop): kept raw for the record, no ticket. */
  private Future<Accepted> keepLoop(Mail mail) {
    return record(mail.event().source(), mail.messageId(), null, "loop", mail.event().raw().bytes())
        .map(v -> new Accepted(null, null, IGNORED, false));
  }

  private Future<Void> record(String source, String messageId, UUID ticket, String disposition, byte[] raw) {
    return pool.preparedQuery(Sql.get("email/insert_message"))
        .execute(Tuple.of(source, messageId, ticket, disposition, raw == null ? null : Buffer.buffer(raw))).mapEmpty();
  }

  /** A permanent failure to deliver one of our mails: no automatic mail to those addresses for a while. */
  private Future<Void> suppressBounced(Mail mail, EmailOptions options) {
    Mail.Bounce b = mail.bounce();
    if (b == null || !b.hard() || b.recipients().isEmpty() || b.originalIds().isEmpty()) return Future.succeededFuture();
    return pool.preparedQuery(Sql.get("email/is_our_message")).execute(Tuple.tuple().addArrayOfString(b.originalIds().toArray(String[]::new)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.<Void>succeededFuture();
          List<Tuple> batch = b.recipients().stream().map(r -> Tuple.of(r, "hard bounce " + (b.status() == null ? "" : b.status()),
              clock.instant().plus(options.bounceSuppress()).atOffset(ZoneOffset.UTC))).toList();
          return pool.preparedQuery(Sql.get("email/suppress_recipient")).executeBatch(batch).mapEmpty();
        });
  }

  private static String actor(Mail mail) {
    return mail.senders().isEmpty() ? "email" : mail.senders().get(0).toLowerCase(Locale.ROOT);
  }

  private static JsonObject details(Mail mail) {
    JsonArray files = new JsonArray();
    mail.event().attachments().forEach(a -> files.add(new JsonObject().put("filename", a.filename()).put("size", a.size())
        .put("sha256", a.sha256())));
    return new JsonObject().put("message_id", mail.messageId()).put("from", actor(mail))
        .put("subject", mail.event().subject()).put("body", mail.event().body())
        .put("flags", new JsonArray(new ArrayList<>(mail.event().flags()))).put("attachments", files);
  }
}
