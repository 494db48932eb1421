package io.voxgate.inbox;

/** Inbox roles, each allowed what the ones before it are. */
public enum Role {
  AGENT, SUPERVISOR, ADMIN;

  public String wire() {
    return name().toLowerCase();
  }

  public boolean atLeast(Role r) {
    return compareTo(r) >= 0;
  }

  public static Role fromWire(String s) {
    return valueOf(s.trim().toUpperCase());
  }
}
