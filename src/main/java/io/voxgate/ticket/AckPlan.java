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

  public static AckPlan suppressed(String reason) {
    return new AckPlan("none", reason);
  }

  public boolean suppressed() {
    return suppressedReason != null;
  }
}
