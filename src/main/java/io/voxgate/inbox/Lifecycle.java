package io.voxgate.inbox;

import java.util.List;
import java.util.Map;

/**
 * The ticket lifecycle of the customer centre (受理 → 分发 → 调查 → 回复 → 回访 → 结案):
 * new → acknowledged → in_progress → replied → resolved → closed, with escalation from any open
 * state and reopening of resolved or closed tickets. Pure.
 */
public final class Lifecycle {
  public static final List<String> STATUSES = List.of("new", "acknowledged", "in_progress", "replied", "resolved",
      "closed", "escalated", "reopened");

  private static final Map<String, List<String>> NEXT = Map.of(
      "new", List.of("acknowledged", "in_progress", "escalated"),
      "acknowledged", List.of("in_progress", "escalated"),
      "in_progress", List.of("replied", "resolved", "escalated"),
      "replied", List.of("in_progress", "resolved", "escalated"),
      "resolved", List.of("closed", "reopened"),
      "closed", List.of("reopened"),
      "escalated", List.of("in_progress", "replied", "resolved"),
      "reopened", List.of("in_progress", "escalated", "resolved"));

  private Lifecycle() {
  }

  /** The statuses a ticket in {@code from} may move to; empty for an unknown status. */
  public static List<String> next(String from) {
    return NEXT.getOrDefault(from, List.of());
  }

  public static boolean allowed(String from, String to) {
    return next(from).contains(to);
  }

  /** Open tickets are worked on; resolved and closed ones wait for a visit or are done. */
  public static boolean open(String status) {
    return !"resolved".equals(status) && !"closed".equals(status);
  }
}
