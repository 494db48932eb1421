package io.voxgate.dispatch;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.voxgate.config.GatewayConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends mail through the configured SMTP server ({@code smtp://host:port} or
 * {@code smtps://user:pass@host:port}) with our own Message-ID, threading headers and
 * {@code Auto-Submitted}; every send has the configured timeout. Without a URL every send fails.
 */
public final class EmailSender {
  private final MailClient client;
  private final String from;
  private final long timeoutMs;
  private final Optional<HostPort> target;

  /** Where the SMTP server is, for the health probe. */
  public record HostPort(String host, int port) {
  }

  public EmailSender(Vertx vertx, GatewayConfig.Smtp smtp) {
    this.from = smtp.from();
    this.timeoutMs = smtp.timeout().toMillis();
    if (smtp.url().isEmpty()) {
      client = null;
      target = Optional.empty();
      return;
    }
    URI u = URI.create(smtp.url().get());
    boolean ssl = "smtps".equals(u.getScheme());
    int port = u.getPort() > 0 ? u.getPort() : ssl ? 465 : 25;
    MailConfig config = new MailConfig().setHostname(u.getHost()).setPort(port).setSsl(ssl)
        .setStarttls(StartTLSOptions.OPTIONAL).setOwnHostname(smtp.messageIdDomain())
        .setKeepAlive(true).setMaxPoolSize(8);
    config.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
    if (u.getUserInfo() != null) {
      String[] up = u.getRawUserInfo().split(":", 2);
      config.setUsername(URLDecoder.decode(up[0], StandardCharsets.UTF_8));
      if (up.length > 1) config.setPassword(URLDecoder.decode(up[1], StandardCharsets.UTF_8));
    }
    client = MailClient.create(vertx, config);
    target = Optional.of(new HostPort(u.getHost(), port));
  }

  public Optional<HostPort> target() {
    return target;
  }

  /** Completes once the server accepted the message. */
  public Future<Void> send(Outgoing.Mail m) {
    if (client == null) return Future.failedFuture("no SMTP server configured (smtp.url)");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Message-ID", m.messageId());
    if (m.inReplyTo() != null) headers.add("In-Reply-To", m.inReplyTo());
    if (!m.references().isEmpty()) headers.add("References", String.join(" ", m.references()));
    if (m.autoSubmitted() != null) {
      headers.add("Auto-Submitted", m.autoSubmitted()).add("X-Auto-Response-Suppress", "All");
    }
    MailMessage msg = new MailMessage().setFrom(from).setTo(m.to()).setSubject(m.subject()).setText(m.text())
        .setHeaders(headers);
    return client.sendMail(msg).timeout(timeoutMs, TimeUnit.MILLISECONDS).mapEmpty();
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
