package io.voxgate.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.voxgate.channel.Signature;
import io.voxgate.config.GatewayConfig;
import io.voxgate.config.Redact;
import java.nio.charset.StandardCharsets;

/**
 * HTTP senders: the SMS webhook (POST JSON {@code {phone, text, ticket}}, signed
 * {@code X-Voxgate-Signature} when a secret is configured) and callbacks to a source system.
 * Any 2xx is accepted; every request has the configured timeout.
 */
public final class WebhookSender {
  private final WebClient client;
  private final GatewayConfig.Sms sms;

  public WebhookSender(Vertx vertx, GatewayConfig.Sms sms) {
    this.sms = sms;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) sms.timeout().toMillis())
        .setUserAgent("voxgate-dispatcher"));
  }

  public Future<Void> sms(Outgoing.Sms m, String ticketNumber) {
    if (sms.url().isEmpty()) return Future.failedFuture("no SMS webhook configured (sms.url)");
    return post(sms.url().get(), new JsonObject().put("phone", m.phone()).put("text", m.text()).put("ticket", ticketNumber));
  }

  public Future<Void> callback(Outgoing.Callback c) {
    return post(c.url(), c.body(), c.secret());
  }

  private Future<Void> post(String url, JsonObject body) {
    return post(url, body, sms.secret());
  }

  private Future<Void> post(String url, JsonObject body, java.util.Optional<String> secret) {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    var req = client.postAbs(url).timeout(sms.timeout().toMillis()).putHeader("Content-Type", "application/json");
    secret.ifPresent(s -> req.putHeader(Signature.HEADER, Signature.sign(s, bytes)));
    return req.sendBuffer(Buffer.buffer(bytes)).compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
        : Future.failedFuture("HTTP " + r.statusCode() + " from " + Redact.url(url))); // the URL may carry a key
  }
}
