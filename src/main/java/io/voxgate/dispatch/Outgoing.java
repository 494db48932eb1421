package io.voxgate.dispatch;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the dispatcher does with one outbox row. */
public sealed interface Outgoing {
  /** Threading and RFC 3834 headers are set by {@link Composer}; {@code autoSubmitted} null for human replies. */
  record Mail(String to, String subject, String text, String messageId, String inReplyTo, List<String> references,
              String autoSubmitted) implements Outgoing {
  }

  record Sms(String phone, String text) implements Outgoing {
  }

  /** @param secret signs the body with {@code X-Voxgate-Signature} when present (the source's own secret) */
  record Callback(String url, JsonObject body, java.util.Optional<String> secret) implements Outgoing {
  }

  /** Nothing is sent: the row is recorded suppressed with {@code reason}; {@code ackState} for the ticket. */
  record Skip(String reason, String ackState) implements Outgoing {
  }
}
