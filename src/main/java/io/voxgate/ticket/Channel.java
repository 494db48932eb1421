package io.voxgate.ticket;

/** The ways a ticket can arrive; the wire name is the lower-case constant name. */
public enum Channel {
  PHONE, EMAIL, WEBFORM, LETTER, FORUM;

  public String wire() {
    return name().toLowerCase();
  }

  public static Channel fromWire(String s) {
    return valueOf(s.trim().toUpperCase());
  }
}
