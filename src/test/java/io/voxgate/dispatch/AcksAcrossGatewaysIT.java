package io.voxgate.dispatch;

import static io.voxgate.support.TestMailbox.subject;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voxgate.support.Psql;
import io.voxgate.support.TestGateway;
import io.voxgate.support.TestMailbox;
import io.voxgate.support.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Three gateways on one database: every acknowledgement is claimed and sent by exactly one of them. */
class AcksAcrossGatewaysIT {
  static final int TICKETS = Integer.getInteger("voxgate.test.acrossGateways", 1000);

  @Test
  void threeGatewaysSendExactlyOneAckPerTicket() throws Exception {
    String db = TestPostgres.newDatabase();
    try (TestMailbox mail = TestMailbox.start()) {
      Map<String, String> env = Map.of("VOXGATE_SMTP_URL", mail.url(), "VOXGATE_DISPATCH__POLL", "PT0.5S",
          "VOXGATE_DATABASE__POOL_SIZE", "8", "VOXGATE_SERVER__INSTANCES", "1");
      List<TestGateway> gws = List.of(TestGateway.start(db, env), TestGateway.start(db, env), TestGateway.start(db, env));
      try {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
          TestGateway gw = gws.get(i % 3);
          JsonObject form = new JsonObject().put("submission_id", "multi-" + i).put("email", "c" + i + "@example.com")
              .put("subject", "Order " + i).put("body", "My order number " + i + " arrived late.");
          calls.add(pool.submit(() -> gw.postJson("/intake/webform", form)));
        }
        Set<String> numbers = new java.util.HashSet<>();
        for (Future<HttpResponse<String>> f : calls) {
          HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
          numbers.add(new JsonObject(r.body()).getString("number"));
        }
        pool.shutdown();

        assertThat(mail.awaitCount(TICKETS, Duration.ofSeconds(120))).hasSize(TICKETS);
        for (TestGateway gw : gws) gw.dispatch(); // another pass everywhere: nothing more goes out
        assertThat(mail.all()).hasSize(TICKETS);
        Set<String> acked = mail.all().stream().map(m -> subject(m).replaceAll("^\\[([^]]+)].*$", "$1"))
            .collect(Collectors.toSet());
        assertThat(acked).isEqualTo(numbers);
        assertThat(Psql.count(db, "SELECT count(*) FROM outbox WHERE state = 'sent' AND purpose = 'ack'")).isEqualTo(TICKETS);
        assertThat(Psql.count(db, "SELECT count(*) FROM timeline WHERE type = 'ack_sent'")).isEqualTo(TICKETS);
      } finally {
        gws.forEach(TestGateway::close);
      }
    }
  }
}
