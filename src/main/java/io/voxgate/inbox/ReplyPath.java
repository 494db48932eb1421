package io.voxgate.inbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a reply reaches the customer: by the channel they used when we can (a mail answered by mail,
 * a call by SMS, a letter by post), else by any contact they left. Pure.
 */
public final class ReplyPath {
  private static final Map<String, List<String>> PREFERENCE = Map.of(
      "email", List.of("email", "sms", "postal"),
      "phone", List.of("sms", "email", "postal"),
      "letter", List.of("postal", "email", "sms"),
      "webform", List.of("email", "sms", "postal"),
      "forum", List.of("email", "sms", "postal"));

  private ReplyPath() {
  }

  /** {@code email}, {@code sms} or {@code postal}; empty when the customer left no contact. */
  public static Optional<String> via(String channel, String email, String phone, String address) {
    for (String via : PREFERENCE.getOrDefault(channel, List.of("email", "sms", "postal"))) {
      String contact = switch (via) {
        case "email" -> email;
        case "sms" -> phone;
        default -> address;
      };
      if (contact != null && !contact.isBlank()) return Optional.of(via);
    }
    return Optional.empty();
  }
}
