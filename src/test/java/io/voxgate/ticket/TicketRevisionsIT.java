package io.voxgate.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.voxgate.config.ConfigLoader;
import io.voxgate.db.Database;
import io.voxgate.db.Migrations;
import io.voxgate.support.Psql;
import io.voxgate.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A ticket whose content arrives later: revised in place, history appended, held ack planned. */
class TicketRevisionsIT {
  static final Normaliser NORMALISER = Normaliser.standard(
      ConfigLoader.load(Path.of("conf"), Map.of("VOXGATE_DB_URL", "postgresql://x@127.0.0.1/x")).rules());
  static Vertx vertx;
  static Pool pool;
  static String url;

  @BeforeAll
  static void start() {
    url = TestPostgres.newDatabase();
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, url, 4, Duration.ofSeconds(5));
    Migrations.migrate(pool).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void revisionReplacesContentAppendsHistoryAndPlansTheHeldAck() {
    Instant received = Instant.parse("2026-11-20T02:00:00Z");
    TicketEvent scan = NORMALISER.apply(TicketEvent.builder(Channel.LETTER, "mailroom", "sha-1", received)
        .subject("扫描信件").ack(AckPlan.held())
        .raw(new RawInput("application/pdf", "%PDF-scan".getBytes(StandardCharsets.UTF_8))).build());
    TicketStore store = new TicketStore(pool, Clock.systemUTC(), Duration.ofMinutes(30), 8, 1);
    Accepted first = store.accept(scan).await();
    assertThat(Psql.query(url, "SELECT state, reason FROM outbox WHERE ticket_id = $1", first.id()).get(0).getString(1))
        .isEqualTo("held");

    TicketEvent read = NORMALISER.apply(TicketEvent.builder(Channel.LETTER, "mailroom", "sha-1", received)
        .subject("扫描信件").body("产品质量问题，要求退款 5000 元。电话 13812345678")
        .customer(new Customer(null, "+8613812345678", null, null))
        .flag("low_confidence").clock(new ClockStart("callback", received.plusSeconds(3600)))
        .raw(new RawInput("text/plain", "ocr text".getBytes(StandardCharsets.UTF_8))).build());
    Accepted revised = new TicketRevisions(pool).revise(first.id(), read,
        List.of(new TimelineEntry(received.plusSeconds(60), "text_extracted", "ocr", new JsonObject().put("pages", 1))),
        Set.of("processing")).await();

    assertThat(revised.number()).isEqualTo(first.number());
    var t = Psql.query(url, "SELECT body, severity, category, customer_phone, flags::text, ack_state, version "
        + "FROM tickets WHERE id = $1", first.id()).get(0);
    assertThat(t.getString(0)).contains("退款 5000");
    assertThat(t.getString(1)).isEqualTo("important");
    assertThat(t.getString(2)).isEqualTo("quality");
    assertThat(t.getString(3)).isEqualTo("+8613812345678");
    assertThat(t.getString(4)).contains("low_confidence");
    assertThat(t.getString(5)).isEqualTo("pending");
    assertThat(t.getInteger(6)).isEqualTo(2);
    assertThat(Psql.query(url, "SELECT state, via FROM outbox WHERE ticket_id = $1", first.id()).get(0).getString(0))
        .isEqualTo("pending");
    assertThat(Psql.count(url, "SELECT count(*) FROM raw_inputs WHERE ticket_id = $1", first.id())).isEqualTo(2);
    assertThat(Psql.count(url, "SELECT count(*) FROM ticket_clocks WHERE ticket_id = $1 AND clock = 'callback'",
        first.id())).isEqualTo(1);
    assertThat(Psql.query(url, "SELECT type FROM timeline WHERE ticket_id = $1 ORDER BY id", first.id())
        .stream().map(r -> r.getString(0)).toList()).containsExactly("received", "text_extracted");
  }
}
