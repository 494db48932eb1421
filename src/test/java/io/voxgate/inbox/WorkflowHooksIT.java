package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deadline clocks hear of every workflow change inside its transaction, and can veto it. */
class WorkflowHooksIT {
  static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
  static TestGateway gw;
  static InboxFixtures fx;
  static final Principal SUP = new Principal("sup", Role.SUPERVISOR, List.of());

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    fx = new InboxFixtures(gw);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Records each call with the ticket status its own connection sees at that moment. */
  static final class Recording implements WorkflowHooks {
    final List<String> calls = new CopyOnWriteArrayList<>();

    Future<Void> record(SqlConnection conn, UUID ticket, String call) {
      return conn.preparedQuery("SELECT status FROM tickets WHERE id = $1").execute(Tuple.of(ticket))
          .map(rows -> {
            calls.add(call + " [" + rows.iterator().next().getString(0) + "]");
            return null;
          });
    }

    @Override
    public Future<Void> statusChanged(SqlConnection conn, UUID ticket, String from, String to, Instant at) {
      return record(conn, ticket, "status " + from + "->" + to + " " + at);
    }

    @Override
    public Future<Void> paused(SqlConnection conn, UUID ticket, Instant at) {
      return record(conn, ticket, "paused");
    }

    @Override
    public Future<Void> resumed(SqlConnection conn, UUID ticket, Instant at) {
      return record(conn, ticket, "resumed");
    }

    @Override
    public Future<Void> complexitySet(SqlConnection conn, UUID ticket, String complexity, Instant at) {
      return record(conn, ticket, "complexity " + complexity);
    }

    @Override
    public Future<Void> visitRecorded(SqlConnection conn, UUID ticket, Instant at) {
      return record(conn, ticket, "visit");
    }
  }

  static TicketWorkflow workflow(WorkflowHooks hooks) {
    return new TicketWorkflow(gw.gateway().shared().pool(), hooks, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static TicketChange change(String json) {
    return TicketChange.parse(new io.vertx.core.json.JsonObject(json));
  }

  @Test
  void tellsTheClocksOfEveryChangeInsideTheTransaction() throws Exception {
    UUID id = fx.ticket("quality", "in_progress");
    Recording rec = new Recording();
    TicketWorkflow wf = workflow(rec);
    wf.change(id.toString(), change("{\"status\":\"resolved\",\"complexity\":\"complex\",\"waiting_on_customer\":true}"), null, SUP)
        .await(10, TimeUnit.SECONDS);
    wf.change(id.toString(), change("{\"waiting_on_customer\":false}"), null, SUP).await(10, TimeUnit.SECONDS);
    wf.visit(id.toString(), true, 5, "", SUP).await(10, TimeUnit.SECONDS);
    assertThat(rec.calls).containsExactly("status in_progress->resolved " + NOW + " [resolved]", "complexity complex [resolved]",
        "paused [resolved]", "resumed [resolved]", "visit [resolved]");
    wf.note(id.toString(), "n", SUP).await(10, TimeUnit.SECONDS);
    assertThat(rec.calls).hasSize(5);
  }

  @Test
  void aFailingClockRollsTheChangeBack() {
    UUID id = fx.ticket("quality", "in_progress");
    WorkflowHooks failing = new WorkflowHooks() {
      @Override
      public Future<Void> statusChanged(SqlConnection conn, UUID ticket, String from, String to, Instant at) {
        return Future.failedFuture(new IllegalStateException("calendar missing"));
      }
    };
    assertThatThrownBy(() -> workflow(failing).change(id.toString(), change("{\"status\":\"replied\"}"), null, SUP)
        .await(10, TimeUnit.SECONDS)).hasMessageContaining("calendar missing");
    assertThat(Psql.query(gw.dbUrl(), "SELECT status, version FROM tickets WHERE id = $1", id).get(0).getString(0)).isEqualTo("in_progress");
    assertThat(Psql.count(gw.dbUrl(), "SELECT count(*) FROM timeline WHERE ticket_id = $1", id)).isZero();
  }
}
