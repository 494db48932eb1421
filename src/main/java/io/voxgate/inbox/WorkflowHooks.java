package io.voxgate.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.UUID;

/**
 * What the deadline clocks need to hear about a workflow change. Each call runs on the connection
 * of the transaction that makes the change, so a clock never disagrees with the ticket; a failed
 * future rolls the change back.
 */
public interface WorkflowHooks {
  /** Does nothing: the inbox works without deadline clocks. */
  WorkflowHooks NONE = new WorkflowHooks() {
  };

  default Future<Void> statusChanged(SqlConnection conn, UUID ticket, String from, String to, Instant at) {
    return Future.succeededFuture();
  }

  default Future<Void> paused(SqlConnection conn, UUID ticket, Instant at) {
    return Future.succeededFuture();
  }

  default Future<Void> resumed(SqlConnection conn, UUID ticket, Instant at) {
    return Future.succeededFuture();
  }

  default Future<Void> complexitySet(SqlConnection conn, UUID ticket, String complexity, Instant at) {
    return Future.succeededFuture();
  }

  default Future<Void> visitRecorded(SqlConnection conn, UUID ticket, Instant at) {
    return Future.succeededFuture();
  }
}
