package io.voxgate.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.ticket.TicketNumbers;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TicketNumbersTest {

  @Test
  void dayIsTheCalendarDayInShanghaiNotUtc() {
    assertThat(TicketNumbers.day(Instant.parse("2026-11-22T16:30:00Z"))).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(TicketNumbers.day(Instant.parse("2026-11-22T15:59:59Z"))).isEqualTo(LocalDate.of(2026, 11, 22));
    assertThat(TicketNumbers.day(Instant.parse("2026-11-22T16:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(TicketNumbers.day(Instant.parse("2026-12-31T16:00:00Z"))).isEqualTo(LocalDate.of(2027, 1, 1));
  }

  @Test
  void counterHasAtLeastFiveDigits() {
    LocalDate day = LocalDate.of(2026, 11, 23);
    assertThat(TicketNumbers.format(day, 1)).isEqualTo("TS-20261123-00001");
    assertThat(TicketNumbers.format(day, 42)).isEqualTo("TS-20261123-00042");
    assertThat(TicketNumbers.format(day, 99_999)).isEqualTo("TS-20261123-99999");
  }

  @Test
  void counterGrowsWiderPastNinetyNineThousandNineHundredNinetyNine() {
    LocalDate day = LocalDate.of(2026, 11, 23);
    assertThat(TicketNumbers.format(day, 100_000)).isEqualTo("TS-20261123-100000");
    assertThat(TicketNumbers.format(day, 123_456)).isEqualTo("TS-20261123-123456");
    assertThat(TicketNumbers.format(day, 1_234_567)).isEqualTo("TS-20261123-1234567");
  }

  @Test
  void numberOfATicketReceivedJustAfterShanghaiMidnightCarriesTheNewDay() {
    Instant lateUtcEvening = Instant.parse("2026-11-22T16:30:00Z");
    assertThat(TicketNumbers.format(TicketNumbers.day(lateUtcEvening), 7)).isEqualTo("TS-20261123-00007");
  }
}
