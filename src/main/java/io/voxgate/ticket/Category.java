package io.voxgate.ticket;

/** 质量 / 非质量 (人为) / 其他. */
public enum Category {
  QUALITY, NON_QUALITY, OTHER;

  public String wire() {
    return name().toLowerCase();
  }

  public static Category fromWire(String s) {
    return valueOf(s.trim().toUpperCase());
  }
}
