package io.voxgate.dispatch;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.healthchecks.Status;
import io.voxgate.config.GatewayConfig;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness checks of the dispatcher. {@code smtp}: the server accepts a TCP connection and the
 * last send did not fail; {@code calendar}: working-day data covers the next {@code warn_days}.
 * Both report problems as {@code degraded: true} with status UP: acknowledgements wait in the
 * outbox, intake goes on.
 */
public final class DispatchHealth {
  private final Vertx vertx;
  private final GatewayConfig config;
  private final DispatchServices services;
  private final Clock clock;

  public DispatchHealth(Vertx vertx, GatewayConfig config, DispatchServices services, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.services = services;
    this.clock = clock;
  }

  public Map<String, Handler<Promise<Status>>> checks() {
    Map<String, Handler<Promise<Status>>> out = new LinkedHashMap<>();
    out.put("smtp", this::smtp);
    out.put("calendar", this::calendar);
    return out;
  }

  private void smtp(Promise<Status> p) {
    DispatchMetrics.SmtpState s = services.metrics().smtp();
    JsonObject data = new JsonObject()
        .put("last_success", s.lastSuccess() == null ? null : s.lastSuccess().toString())
        .put("last_failure", s.lastFailure() == null ? null : s.lastFailure().toString())
        .put("last_error", s.lastError()).put("failures_in_a_row", s.failuresInARow());
    if (config.smtp().url().isEmpty()) {
      p.complete(Status.OK(data.put("degraded", true).put("error", "no SMTP server configured (smtp.url)")));
      return;
    }
    URI u = URI.create(config.smtp().url().get());
    int port = u.getPort() > 0 ? u.getPort() : "smtps".equals(u.getScheme()) ? 465 : 25;
    data.put("server", u.getHost() + ":" + port);
    var client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
    client.connect(port, u.getHost()).onComplete(ar -> {
      if (ar.succeeded()) ar.result().close();
      client.close();
      if (ar.failed()) data.put("degraded", true).put("error", "cannot connect: " + ar.cause().getMessage());
      else if (s.failuresInARow() > 0) data.put("degraded", true).put("error", s.lastError());
      p.complete(Status.OK(data));
    });
  }

  private void calendar(Promise<Status> p) {
    LocalDate to = services.calendar().coveredTo();
    LocalDate today = clock.instant().atZone(services.calendar().zone()).toLocalDate();
    JsonObject data = new JsonObject().put("covered_to", to == null ? null : to.toString());
    if (to == null) {
      data.put("degraded", true).put("warning", "no calendar file in " + config.calendar().dir()
          + ": deadlines use weekdays only and are provisional");
    } else {
      long days = ChronoUnit.DAYS.between(today, to);
      data.put("days_left", days);
      if (days < config.calendar().warnDays()) {
        data.put("degraded", true).put("warning", "working-day calendar ends " + to + " (" + days + " days): add the next "
            + "year's file to " + config.calendar().dir() + "; later deadlines are provisional");
      }
    }
    p.complete(Status.OK(data));
  }
}
