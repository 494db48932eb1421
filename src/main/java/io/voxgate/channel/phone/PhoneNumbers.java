package io.voxgate.channel.phone;

import java.util.Optional;

/**
 * Caller numbers in E.164 where they can be read without doubt: international numbers written
 * with {@code +} or {@code 00}, and Chinese numbers (mobile {@code 1[3-9]x}, landline with its
 * {@code 0} trunk prefix, {@code 400}/{@code 800} service numbers, or with country code 86).
 * Anything else (e.g. {@code anonymous}, a national number of another country without its
 * country code) gives empty, and the raw value is kept. Pure.
 */
public final class PhoneNumbers {
  private PhoneNumbers() {
  }

  public static Optional<String> e164(String raw) {
    if (raw == null) return Optional.empty();
    String s = raw.trim().replaceAll("[\\s\\-().]", "");
    if (s.startsWith("tel:")) s = s.substring(4);
    if (s.startsWith("+")) return international(s.substring(1));
    if (!s.matches("\\d+")) return Optional.empty();
    if (s.startsWith("00")) return international(s.substring(2));
    if (s.startsWith("86") && s.length() == 13 && s.charAt(2) == '1') return china(s.substring(2));
    return china(s);
  }

  private static Optional<String> international(String digits) {
    if (!digits.matches("[1-9]\\d{6,14}")) return Optional.empty();
    if (digits.startsWith("86")) return china(digits.substring(2)).or(() -> Optional.of("+" + digits));
    return Optional.of("+" + digits);
  }

  /** A Chinese national number, with or without the trunk 0. */
  private static Optional<String> china(String n) {
    if (n.matches("1[3-9]\\d{9}")) return Optional.of("+86" + n);
    if (n.matches("0[1-9]\\d{8,10}")) return Optional.of("+86" + n.substring(1));
    if (n.matches("[48]00\\d{7}")) return Optional.of("+86" + n);
    return Optional.empty();
  }
}
