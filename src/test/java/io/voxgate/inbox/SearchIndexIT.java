package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The inbox's text search must stay index-backed on a realistic table size. */
class SearchIndexIT {

  @Test
  void chineseSearchUsesTheGramIndexAt100000Tickets() {
    try (TestGateway gw = TestGateway.start()) {
      // 100,000 generated tickets, 1 in 1,000 about a refund (退款)
      Psql.exec(gw.dbUrl(), """
          INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at, subject, body, category,
                               severity, ack_state, search_grams)
          SELECT gen_random_uuid(), 'TS-20260101-' || lpad(i::text, 6, '0'), 'complaint', 'webform', 'webform', 'gen-' || i,
                 now() - (i || ' seconds')::interval,
                 CASE WHEN i % 1000 = 0 THEN '申请退款' ELSE '服务态度 ' || (i % 97) END, '正文 ' || i,
                 'other', 'general', 'pending',
                 CASE WHEN i % 1000 = 0 THEN ARRAY['申','请','申请','退','款','请退','退款']
                      ELSE ARRAY['服','务','服务','态','度','务态','态度', 'x' || (i % 5000)] END
          FROM generate_series(1, 100000) AS i
          """);
      Psql.exec(gw.dbUrl(), "ANALYZE tickets");

      String plan = Psql.query(gw.dbUrl(), """
          EXPLAIN SELECT id FROM tickets WHERE true AND search_grams @> ARRAY['退款']
            AND strpos(lower(subject || ' ' || body), '退款') > 0 AND kind <> 'report' ORDER BY id DESC LIMIT 51
          """).stream().map(r -> r.getString(0)).collect(Collectors.joining("\n"));
      assertThat(plan).contains("tickets_search");

      var r = gw.get("/api/v1/tickets?limit=200&q=%E9%80%80%E6%AC%BE", TestGateway.ADMIN_TOKEN);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new io.vertx.core.json.JsonObject(r.body()).getJsonArray("items")).hasSize(100);
    }
  }
}
