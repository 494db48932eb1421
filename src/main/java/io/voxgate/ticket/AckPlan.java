package io.voxgate.ticket;

/**
 * How the customer is to be acknowledged: {@code email}, {@code sms}, {@code postal} or
 * {@code none}, or several ways joined by {@code +} (e.g. {@code email+sms}: one acknowledgement
 * each). A non-null {@code suppressedReason} records why no acknowledgement goes out.
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

  /** One acknowledgement per way: {@code email+sms} is two. */
  public static AckPlan sendEach(String... ways) {
    return new AckPlan(String.join(WAY_SEPARATOR, ways), null);
  }

  public static final String WAY_SEPARATOR = "+";

  /** The ways one by one. */
  public java.util.List<String> ways() {
    return via == null ? java.util.List.of() : java.util.List.of(via.split(java.util.regex.Pattern.quote(WAY_SEPARATOR)));
  }

  public boolean suppressed() {
    return suppressedReason != null;
  }
}
