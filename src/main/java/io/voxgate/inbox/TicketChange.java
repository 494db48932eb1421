package io.voxgate.inbox;

import io.vertx.core.json.JsonObject;
import io.voxgate.http.ApiError;
import java.util.Optional;
import java.util.Set;

/**
 * A validated PATCH body. Absent keys leave the field as it is; {@code assignee: null} unassigns.
 * {@link #parse} throws {@link ApiError} 400 naming the field.
 */
public record TicketChange(Optional<String> status, Optional<Optional<String>> assignee, Optional<String> department,
                           Optional<String> category, Optional<String> severity, Optional<String> reason,
                           Optional<String> complexity, Optional<Boolean> waitingOnCustomer) {
  private static final Set<String> KEYS = Set.of("status", "assignee", "department", "category", "severity", "reason",
      "complexity", "waiting_on_customer");
  static final Set<String> CATEGORIES = Set.of("quality", "non_quality", "other");
  static final Set<String> SEVERITIES = Set.of("general", "important", "major");

  public static TicketChange parse(JsonObject body) {
    if (body == null) throw ApiError.badRequest("invalid_json", "the body must be a JSON object", null);
    for (String k : body.fieldNames()) {
      if (!KEYS.contains(k)) throw ApiError.badRequest("unknown_field", "'" + k + "' cannot be changed; use one of "
          + String.join(", ", new java.util.TreeSet<>(KEYS)), k);
    }
    TicketChange c = new TicketChange(
        oneOf(body, "status", Set.copyOf(Lifecycle.STATUSES)),
        body.containsKey("assignee") ? Optional.of(text(body, "assignee", true)) : Optional.empty(),
        text(body, "department", false),
        oneOf(body, "category", CATEGORIES),
        oneOf(body, "severity", SEVERITIES),
        text(body, "reason", false),
        oneOf(body, "complexity", Set.of("simple", "complex")),
        bool(body, "waiting_on_customer"));
    if (c.status.isEmpty() && c.assignee.isEmpty() && c.department.isEmpty() && c.category.isEmpty()
        && c.severity.isEmpty() && c.complexity.isEmpty() && c.waitingOnCustomer.isEmpty()) {
      throw ApiError.badRequest("empty", "nothing to change: send status, assignee, department, category, severity, "
          + "complexity or waiting_on_customer", null);
    }
    if ((c.category.isPresent() || c.severity.isPresent()) && c.reason.isEmpty()) {
      throw ApiError.badRequest("required", "an override of category or severity needs a reason", "reason");
    }
    return c;
  }

  private static Optional<String> oneOf(JsonObject body, String key, Set<String> allowed) {
    Object v = body.getValue(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof String s) || !allowed.contains(s)) {
      throw ApiError.badRequest("invalid", key + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)), key);
    }
    return Optional.of(s);
  }

  private static Optional<String> text(JsonObject body, String key, boolean nullable) {
    Object v = body.getValue(key);
    if (v == null) {
      if (nullable) return Optional.empty();
      if (body.containsKey(key)) throw ApiError.badRequest("invalid", key + " must be a text", key);
      return Optional.empty();
    }
    if (!(v instanceof String s) || s.isBlank() || s.length() > 200) {
      throw ApiError.badRequest("invalid", key + " must be a text of 1-200 characters", key);
    }
    return Optional.of(s.strip());
  }

  private static Optional<Boolean> bool(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) return Optional.empty();
    if (!(v instanceof Boolean b)) throw ApiError.badRequest("invalid", key + " must be true or false", key);
    return Optional.of(b);
  }
}
