package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "EMPTY", value = {
      "13800138000, +8613800138000",
      "138 0013 8000, +8613800138000",
      "+86 138-0013-8000, +8613800138000",
      "8613800138000, +8613800138000",
      "008613800138000, +8613800138000",
      "010-6552 9988, +861065529988",
      "0755-8888 1234, +8675588881234",
      "(021) 5555 6666, +862155556666",
      "4008001234, +864008001234",
      "+14158675309, +14158675309",
      "0049 30 1234567, +49301234567",
      "tel:+442071838750, +442071838750",
      "4912347114711, EMPTY",
      "anonymous, EMPTY",
      "12345, EMPTY",
      "+0123, EMPTY"})
  void writesNumbersInE164WhereTheyAreUnambiguous(String raw, String expected) {
    assertThat(PhoneNumbers.e164(raw).orElse(null)).isEqualTo(expected);
  }
}
