package io.voxgate.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import io.voxgate.http.ApiError;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Changes tickets on behalf of the customer centre. Each change is one transaction: the ticket row
 * is locked, checked (visibility, version, lifecycle, role), updated, its timeline written and the
 * {@link WorkflowHooks} told, so clocks and tickets never disagree. Never blocks.
 */
public final class TicketWorkflow {
  static final String WAITING = "waiting_on_customer";
  private final Pool pool;
  private final WorkflowHooks hooks;
  private final Clock clock;

  public TicketWorkflow(Pool pool, WorkflowHooks hooks, Clock clock) {
    this.pool = pool;
    this.hooks = hooks;
    this.clock = clock;
  }

  /** Applies {@code change}; {@code expectedVersion} (from If-Match) must match when given. Answers the ticket id. */
  public Future<UUID> change(String ref, TicketChange change, Integer expectedVersion, Principal who) {
    return locked(ref, who, (conn, t) -> {
      int version = t.getInteger("version");
      if (expectedVersion != null && expectedVersion != version) {
        throw new ApiError(412, "stale", "the ticket was changed meanwhile (now version " + version
            + ", you sent " + expectedVersion + "); reload it and try again", null);
      }
      Instant now = clock.instant();
      UUID id = t.getUUID("id");
      String actor = who.name();
      List<Entry> entries = new ArrayList<>();
      List<Function<SqlConnection, Future<Void>>> calls = new ArrayList<>();

      String status = t.getString("status");
      OffsetDateTime resolvedAt = t.getOffsetDateTime("resolved_at");
      if (change.status().isPresent() && !change.status().get().equals(status)) {
        String to = change.status().get();
        if (!Lifecycle.allowed(status, to)) {
          throw new ApiError(409, "illegal_transition", "a ticket in status '" + status + "' cannot become '" + to
              + "'; allowed: " + String.join(", ", Lifecycle.next(status)), "status");
        }
        entries.add(new Entry("status_changed", new JsonObject().put("from", status).put("to", to)));
        String from = status;
        calls.add(c -> hooks.statusChanged(c, id, from, to, now));
        if ("resolved".equals(to)) resolvedAt = now.atOffset(ZoneOffset.UTC);
        status = to;
      }

      String assignee = t.getString("assignee");
      String department = t.getString("department");
      String newAssignee = change.assignee().isPresent() ? change.assignee().get().orElse(null) : assignee;
      String newDepartment = change.department().orElse(department);
      if (who.limitedToDepartments() && !who.departments().contains(newDepartment)) {
        throw ApiError.forbidden("an agent can hand a ticket only to own departments: " + String.join(", ", who.departments()));
      }
      if (!Objects.equals(assignee, newAssignee) || !Objects.equals(department, newDepartment)) {
        entries.add(new Entry("assigned", new JsonObject().put("from_assignee", assignee).put("assignee", newAssignee)
            .put("from_department", department).put("department", newDepartment)));
      }

      String category = override(t, "category", change.category(), change, who, entries);
      String severity = override(t, "severity", change.severity(), change, who, entries);

      String complexity = t.getString("complexity");
      if (change.complexity().isPresent() && !change.complexity().get().equals(complexity)) {
        complexity = change.complexity().get();
        String c2 = complexity;
        entries.add(new Entry("complexity_set", new JsonObject().put("from", t.getString("complexity")).put("complexity", c2)));
        calls.add(c -> hooks.complexitySet(c, id, c2, now));
      }

      List<String> flags = new ArrayList<>(Arrays.asList(t.getArrayOfStrings("flags")));
      if (change.waitingOnCustomer().isPresent() && change.waitingOnCustomer().get() != flags.contains(WAITING)) {
        if (change.waitingOnCustomer().get()) {
          flags.add(WAITING);
          entries.add(new Entry("paused", new JsonObject().put("reason", WAITING)));
          calls.add(c -> hooks.paused(c, id, now));
        } else {
          flags.remove(WAITING);
          entries.add(new Entry("resumed", new JsonObject().put("reason", WAITING)));
          calls.add(c -> hooks.resumed(c, id, now));
        }
      }

      Tuple update = Tuple.of(id, status, newAssignee, newDepartment, category, severity)
          .addValue(complexity).addValue(flags.toArray(String[]::new)).addValue(resolvedAt);
      Future<?> chain = entries.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(Sql.get("inbox/update_workflow")).execute(update);
      for (Entry e : entries) chain = chain.compose(v -> timeline(conn, id, now, e.type, actor, e.data));
      for (var call : calls) chain = chain.compose(v -> call.apply(conn));
      return chain.map(v -> id);
    });
  }

  /** An internal note on the timeline; answers the entry. */
  public Future<JsonObject> note(String ref, String text, Principal who) {
    return locked(ref, who, (conn, t) -> touch(conn, t).compose(v -> timeline(conn, t.getUUID("id"), clock.instant(),
        "note", who.name(), new JsonObject().put("text", text))));
  }

  /**
   * Queues a reply to the customer in the outbox (the dispatcher sends it by {@code via}: a threaded
   * mail, an SMS or a line on the postal list) and puts it on the timeline; answers the entry.
   */
  public Future<JsonObject> reply(String ref, String text, Principal who) {
    return locked(ref, who, (conn, t) -> {
      String via = ReplyPath.via(t.getString("channel"), t.getString("customer_email"), t.getString("customer_phone"),
          t.getString("customer_address")).orElseThrow(() -> new ApiError(409, "no_contact",
          "the customer left no email, phone or address to reply to", null));
      Instant now = clock.instant();
      UUID id = t.getUUID("id");
      JsonObject payload = new JsonObject().put("text", text).put("author", who.name());
      return touch(conn, t)
          .compose(v -> conn.preparedQuery(Sql.get("inbox/queue_reply"))
              .execute(Tuple.of(id, via, now.atOffset(ZoneOffset.UTC), payload)))
          .compose(rows -> timeline(conn, id, now, "reply", who.name(), new JsonObject().put("text", text)
              .put("via", via).put("outbox_id", rows.iterator().next().getLong("id"))))
          .compose(entry -> conn.query("NOTIFY voxgate_outbox").execute().map(v -> entry));
    });
  }

  /**
   * Records a return visit. It is late when the ticket's {@code return_visit} clock (started by the
   * dispatcher at resolution, 1 working day) was due before now; without such a clock lateness is unknown (null).
   */
  public Future<JsonObject> visit(String ref, boolean reached, Integer satisfaction, String comment, Principal who) {
    return locked(ref, who, (conn, t) -> {
      Instant now = clock.instant();
      UUID id = t.getUUID("id");
      return conn.preparedQuery(Sql.get("inbox/visit_clock")).execute(Tuple.of(id)).compose(rows -> {
        Boolean late = null;
        if (rows.size() > 0) {
          Row c = rows.iterator().next();
          late = now.isAfter(c.getOffsetDateTime("due_at").toInstant().plusSeconds(c.getLong("paused_seconds")));
        }
        JsonObject data = new JsonObject().put("reached", reached).put("satisfaction", satisfaction)
            .put("comment", comment).put("late", late);
        return conn.preparedQuery(Sql.get("inbox/add_visit"))
            .execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), who.name(), reached, satisfaction, comment, late))
            .compose(v -> touch(conn, t))
            .compose(v -> timeline(conn, id, now, "visit", who.name(), data))
            .compose(entry -> hooks.visitRecorded(conn, id, now).map(v -> entry));
      });
    });
  }

  private interface Work<T> {
    Future<T> apply(SqlConnection conn, Row ticket);
  }

  private <T> Future<T> locked(String ref, Principal who, Work<T> work) {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("inbox/lock_ticket"))
        .execute(Tuple.of(TicketQueries.parseUuid(ref), ref))
        .compose(rows -> {
          Row t = rows.size() == 0 ? null : rows.iterator().next();
          if (t == null || !TicketQueries.visible(who, t.getString("kind"), t.getString("department"))) {
            return Future.failedFuture(ApiError.notFound("no ticket " + ref));
          }
          try {
            return work.apply(conn, t);
          } catch (ApiError e) {
            return Future.failedFuture(e);
          }
        }));
  }

  private static String override(Row t, String field, Optional<String> to, TicketChange change, Principal who,
                                 List<Entry> entries) {
    String from = t.getString(field);
    if (to.isEmpty() || to.get().equals(from)) return from;
    if (!who.role().atLeast(Role.SUPERVISOR)) {
      throw ApiError.forbidden("only a supervisor may override the " + field);
    }
    entries.add(new Entry("override", new JsonObject().put("field", field).put("from", from).put("to", to.get())
        .put("reason", change.reason().orElse(""))));
    return to.get();
  }

  private static Future<Void> touch(SqlConnection conn, Row t) {
    return conn.preparedQuery(Sql.get("inbox/touch_ticket")).execute(Tuple.of(t.getUUID("id"))).mapEmpty();
  }

  private static Future<JsonObject> timeline(SqlConnection conn, UUID id, Instant at, String type, String actor, JsonObject data) {
    return conn.preparedQuery(Sql.get("inbox/add_timeline"))
        .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC), type, actor, data))
        .map(rows -> TicketJson.timelineEntry(rows.iterator().next()));
  }

  private record Entry(String type, JsonObject data) {
  }
}
