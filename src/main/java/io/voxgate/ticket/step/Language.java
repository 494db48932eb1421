package io.voxgate.ticket.step;

import io.voxgate.ticket.TicketEvent;

/** Reply language when the sender gave none: zh-CN if the text has Chinese characters, else en. */
public final class Language implements Step {
  @Override
  public TicketEvent apply(TicketEvent e) {
    if (e.language() != null) return e;
    boolean chinese = e.text().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    return e.toBuilder().language(chinese || e.text().isBlank() ? "zh-CN" : "en").build();
  }
}
