package io.voxgate.dispatch.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The shared test vectors (12 deadlines + 3 pauses), read in place from {@code ../shared/calendars}. */
class SlaExamplesTest {
  private static final Path DIR = Path.of(System.getProperty("voxgate.shared", "../shared"), "calendars");

  @TestFactory
  List<DynamicTest> everySharedVectorGivesTheExpectedDeadline() throws Exception {
    Path file = DIR.resolve("sla-examples.json");
    Assumptions.assumeTrue(Files.exists(file), "shared SLA vectors absent: " + file.toAbsolutePath());
    JsonObject doc = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    WorkingCalendar cal = WorkingCalendar.of(
        List.of(new JsonObject(Files.readString(DIR.resolve(doc.getString("calendar")), StandardCharsets.UTF_8))),
        LocalTime.parse(doc.getJsonArray("businessHours").getJsonArray(0).getString(0)),
        LocalTime.parse(doc.getJsonArray("businessHours").getJsonArray(0).getString(1)));
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : doc.getJsonArray("examples")) {
      JsonObject ex = (JsonObject) o;
      tests.add(DynamicTest.dynamicTest(ex.getString("id") + " " + ex.getJsonObject("rule").encode(), () -> {
        Deadline d = rule(ex.getJsonObject("rule")).due(cal, at(ex.getString("receivedAt")), Duration.ZERO);
        assertThat(d.due()).as(ex.getString("why")).isEqualTo(at(ex.getString("deadline")));
        assertThat(d.provisional()).isFalse();
      }));
    }
    for (Object o : doc.getJsonArray("pauses")) {
      JsonObject ex = (JsonObject) o;
      tests.add(DynamicTest.dynamicTest(ex.getString("id") + " paused " + ex.getJsonObject("rule").encode(), () -> {
        DeadlineRule rule = rule(ex.getJsonObject("rule"));
        Instant received = at(ex.getString("receivedAt"));
        assertThat(rule.due(cal, received, Duration.ZERO).due()).isEqualTo(at(ex.getString("deadlineBeforePause")));
        Duration paused = Duration.ZERO;
        for (Object p : ex.getJsonArray("paused")) {
          JsonObject span = (JsonObject) p;
          paused = paused.plus(cal.businessTime(at(span.getString("from")), at(span.getString("to"))));
        }
        assertThat(paused.toSeconds()).isEqualTo(ex.getLong("pausedBusinessSeconds"));
        assertThat(rule.due(cal, received, paused).due()).as(ex.getString("why")).isEqualTo(at(ex.getString("deadline")));
      }));
    }
    assertThat(tests).hasSize(15);
    return tests;
  }

  static DeadlineRule rule(JsonObject r) {
    return switch (r.getString("kind")) {
      case "WORKING_DAYS" -> new DeadlineRule.WorkingDays(r.getInteger("days"));
      case "WORKING_TIME" -> new DeadlineRule.WorkingTime(Duration.parse(r.getString("duration")));
      case "HALF_WORKING_DAY" -> new DeadlineRule.HalfWorkingDay();
      case "WALL_CLOCK" -> new DeadlineRule.WallClock(Duration.parse(r.getString("duration")));
      default -> throw new AssertionError("unknown rule kind " + r);
    };
  }

  static Instant at(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }
}
