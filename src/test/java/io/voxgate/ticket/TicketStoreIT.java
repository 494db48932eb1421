package io.voxgate.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.voxgate.db.Database;
import io.voxgate.db.Migrations;
import io.voxgate.support.Psql;
import io.voxgate.support.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group commit: events that share a transaction must not share a failure that is one event's own. */
class TicketStoreIT {

  @Test
  void anEventTheDatabaseRefusesFailsAloneAndItsGroupIsStored() {
    String url = TestPostgres.newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, url, 4, Duration.ofSeconds(5));
      Migrations.migrate(pool).await();
      TicketStore store = new TicketStore(pool, Clock.systemUTC(), Duration.ofMinutes(30), 16, 1);

      // the first commits alone; the next three queue behind it and are written as one group
      List<Future<Accepted>> results = List.of(
          store.accept(event("first")), store.accept(event("second")),
          store.accept(event("bad\u0000key")), store.accept(event("fourth")));
      Future.join(results).otherwiseEmpty().await();

      assertThat(results.get(2).failed()).isTrue();
      assertThat(List.of(results.get(0), results.get(1), results.get(3))).allSatisfy(f -> {
        assertThat(f.succeeded()).isTrue();
        assertThat(f.result().created()).isTrue();
      });
      assertThat(Psql.count(url, "SELECT count(*) FROM tickets")).isEqualTo(3);
    } finally {
      vertx.close().await();
    }
  }

  private static TicketEvent event(String key) {
    return TicketEvent.builder(Channel.WEBFORM, "webform", key, Instant.parse("2026-11-20T02:00:00Z"))
        .kind(Kind.COMPLAINT).category(Category.OTHER).severity(Severity.GENERAL).language("zh-CN")
        .body("body of " + key).ack(AckPlan.send("email")).build();
  }
}
