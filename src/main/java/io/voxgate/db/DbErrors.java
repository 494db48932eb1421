package io.voxgate.db;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells a database that cannot be reached (answer 503, sender retries) from a real error. */
public final class DbErrors {
  private DbErrors() {
  }

  public static boolean unavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgException pg) {
        String state = pg.getSqlState();
        // 08: connection exception, 57P: operator intervention (shutdown), 53: insufficient resources
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
      }
      if (c instanceof IOException || c instanceof TimeoutException) return true;
      String name = c.getClass().getName();
      String msg = String.valueOf(c.getMessage()).toLowerCase();
      if (name.contains("ClosedConnection") || name.contains("NoStackTraceTimeout")
          || name.contains("ConnectException") || msg.contains("connection refused") || msg.contains("timeout")
          || msg.contains("closed") || msg.contains("connection reset")) {
        return true;
      }
    }
    return false;
  }

  /** The statement's data was refused (SQLSTATE class 22 or 23): the same input fails again. */
  public static boolean dataError(Throwable t) {
    return t instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  public static boolean uniqueViolation(Throwable t) {
    return t instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
