package io.voxgate.ticket.step;

import io.voxgate.ticket.TicketEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the money a customer claims when the sender did not state it: the largest amount
 * written shortly after a claim word ("要求赔偿5000元", "索赔2.5万", "refund of ¥1,200").
 */
public final class ClaimAmount implements Step {
  private static final Pattern AMOUNT = Pattern.compile(
      "(?:[¥￥]|rmb|cny|人民币)?\\s*(\\d{1,3}(?:[,，]\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?\\s*(万|千)?\\s*(?:元|块|rmb|yuan|cny)?",
      Pattern.CASE_INSENSITIVE);
  private static final int REACH = 24;

  private final List<String> claimWords;

  public ClaimAmount(List<String> claimWords) {
    this.claimWords = claimWords;
  }

  @Override
  public TicketEvent apply(TicketEvent e) {
    if (e.claimAmount() != null) return e;
    BigDecimal found = find(e.text());
    return found == null ? e : e.toBuilder().claimAmount(found).matched("claim_amount:" + found.toPlainString()).build();
  }

  BigDecimal find(String text) {
    String folded = Keywords.fold(text);
    BigDecimal best = null;
    for (String word : claimWords) {
      String w = Keywords.fold(word);
      for (int at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + 1)) {
        int from = at + w.length();
        String window = folded.substring(from, Math.min(folded.length(), from + REACH));
        Matcher m = AMOUNT.matcher(window);
        if (m.find()) {
          BigDecimal v = value(m);
          if (best == null || v.compareTo(best) > 0) best = v;
        }
      }
    }
    return best;
  }

  private static BigDecimal value(Matcher m) {
    BigDecimal v = new BigDecimal(m.group(1).replace(",", "").replace("，", "")
        + (m.group(2) == null ? "" : "." + m.group(2)));
    if ("万".equals(m.group(3))) v = v.multiply(BigDecimal.valueOf(10_000));
    if ("千".equals(m.group(3))) v = v.multiply(BigDecimal.valueOf(1_000));
    return v.stripTrailingZeros().setScale(Math.max(0, v.stripTrailingZeros().scale()));
  }
}
