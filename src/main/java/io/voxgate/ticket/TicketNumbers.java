package io.voxgate.ticket;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** {@code TS-YYYYMMDD-NNNNN}: the day in Asia/Shanghai, a counter of at least five digits. */
public final class TicketNumbers {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private TicketNumbers() {
  }

  public static LocalDate day(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  public static String format(LocalDate day, long counter) {
    return "TS-" + day.format(DAY) + "-" + String.format("%05d", counter);
  }
}
