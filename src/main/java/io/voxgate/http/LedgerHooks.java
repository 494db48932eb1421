package io.voxgate.http;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.voxgate.dispatch.sla.ClockLedger;
import io.voxgate.inbox.WorkflowHooks;
import java.time.Instant;
import java.util.UUID;

/** The inbox's workflow changes drive the dispatcher's deadline ledger, in the same transaction. */
final class LedgerHooks implements WorkflowHooks {
  private final ClockLedger ledger;

  LedgerHooks(ClockLedger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Future<Void> statusChanged(SqlConnection conn, UUID ticket, String from, String to, Instant at) {
    return ledger.statusChanged(conn, ticket, from, to, at);
  }

  @Override
  public Future<Void> paused(SqlConnection conn, UUID ticket, Instant at) {
    return ledger.paused(conn, ticket, at);
  }

  @Override
  public Future<Void> resumed(SqlConnection conn, UUID ticket, Instant at) {
    return ledger.resumed(conn, ticket, at);
  }

  @Override
  public Future<Void> complexitySet(SqlConnection conn, UUID ticket, String complexity, Instant at) {
    return ledger.complexitySet(conn, ticket, complexity, at);
  }

  @Override
  public Future<Void> visitRecorded(SqlConnection conn, UUID ticket, Instant at) {
    return ledger.visitRecorded(conn, ticket, at);
  }
}
