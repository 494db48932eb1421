package io.voxgate.ticket;

/**
 * How the customer is to be acknowledged: {@code email}, {@code sms}, {@code postal} or
 * {@code none}. A non-null {@code suppressedReason} records why no acknowledgement goes out.
 */
public record AckPlan(String via, String suppressedReason) {
  public static final AckPlan UNDECIDED = new AckPlan(null, null);

  public static AckPlan send(String via) {
    return new AckPlan(via, null);
  }

  /**
   * No decision yet: the content that decides comes later (e.g. a letter under OCR). The outbox
   * row waits as suppressed with reason {@code held}; {@link TicketRevisions} plans it.
   */
  public static AckPlan held() {
    return suppressed(HELD);
  }

  public static final String HELD = "held";

  public static AckPlan suppressed(String reason) {
    return new AckPlan("none", reason);
  }

  public boolean suppressed() {
    return suppressedReason != null;
  }
}
