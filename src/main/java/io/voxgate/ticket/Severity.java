package io.voxgate.ticket;

/** 一般 / 重要 / 重大, ordered from least to most severe. */
public enum Severity {
  GENERAL, IMPORTANT, MAJOR;

  public String wire() {
    return name().toLowerCase();
  }

  public Severity atLeast(Severity other) {
    return other != null && other.compareTo(this) > 0 ? other : this;
  }

  public static Severity fromWire(String s) {
    return valueOf(s.trim().toUpperCase());
  }
}
