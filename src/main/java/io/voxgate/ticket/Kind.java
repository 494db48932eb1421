package io.voxgate.ticket;

/** What the customer wants: 投诉, 咨询, 举报, or a 潜在投诉 found on a forum. */
public enum Kind {
  COMPLAINT, ENQUIRY, REPORT, POTENTIAL;

  public String wire() {
    return name().toLowerCase();
  }

  public static Kind fromWire(String s) {
    return valueOf(s.trim().toUpperCase());
  }
}
