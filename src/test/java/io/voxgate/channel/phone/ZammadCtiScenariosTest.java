package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.channel.IntakeRoutes.Parsing;
import io.voxgate.channel.RawRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Zammad's own CTI scenarios (generic CTI, sipgate, Placetel), read in place from the shared corpus. */
class ZammadCtiScenariosTest {
  static final Path DIR = Path.of(System.getProperty("voxgate.shared", "../shared"), "corpus/phone/zammad-cti");
  static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
  static final Duration NEVER = Duration.ofDays(365);

  static Stream<Path> scenarios() throws IOException {
    if (!Files.isDirectory(DIR)) return Stream.of(Path.of("absent"));
    return Files.list(DIR).filter(p -> p.getFileName().toString().matches("(generic|sipgate|placetel)-\\d+.*\\.json")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void mergesZammadScenarioAsZammadExpects(Path file) throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(file), "Zammad CTI scenarios not found under " + DIR);
    JsonObject s = new JsonObject(Files.readString(file));
    JsonObject expected = s.getJsonObject("expected");
    Assumptions.assumeTrue(expected.containsKey("answered") || expected.containsKey("calls"),
        file.getFileName() + " asserts only Zammad's routing answers, which Voxgate does not give");
    Map<String, List<CallEvent>> calls = new LinkedHashMap<>();
    JsonArray events = s.getJsonArray("events");
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      Instant at = T0.plusSeconds(e.getValue("t_offset_s") == null ? i : e.getInteger("t_offset_s"));
      Parsing<CallEvent> p = new GenericCtiParser().parse(request(e, at));
      assertThat(p.errors()).as("event %d of %s", i, file.getFileName()).isEmpty();
      calls.computeIfAbsent(p.value().callId(), k -> new ArrayList<>()).add(p.value());
    }
    Instant end = T0.plusSeconds(events.size() + 10);
    if (expected.containsKey("calls")) {
      for (Object o : expected.getJsonArray("calls")) {
        JsonObject c = (JsonObject) o;
        check(CallState.merge(calls.get(c.getString("call_id"))), c, end, file);
      }
    } else {
      assertThat(calls).hasSize(1);
      check(CallState.merge(calls.values().iterator().next()), expected, end, file);
    }
  }

  static void check(CallState st, JsonObject x, Instant now, Path file) {
    String what = file.getFileName() + " " + st.callId();
    if (x.containsKey("direction")) assertThat(st.inbound() ? "in" : "out").as(what).isEqualTo(x.getString("direction"));
    if (x.containsKey("answered")) assertThat(st.answered()).as(what + " answered").isEqualTo(x.getBoolean("answered"));
    if (x.containsKey("missed")) assertThat(st.missed(now, NEVER)).as(what + " missed").isEqualTo(x.getBoolean("missed"));
    if (x.containsKey("ended")) assertThat(st.ended()).as(what + " ended").isEqualTo(x.getBoolean("ended"));
    if (x.containsKey("cause")) assertThat(st.cause()).as(what + " cause").isEqualTo(x.getString("cause"));
    if (x.containsKey("answered_by")) assertThat(st.answeredBy()).as(what).isEqualTo(x.getString("answered_by"));
    if (x.containsKey("answering_user")) assertThat(st.answeredBy()).as(what).isEqualTo(x.getString("answering_user"));
    if (x.containsKey("caller_number") && st.inbound()) assertThat(st.from()).as(what).isEqualTo(x.getString("caller_number"));
    if (x.containsKey("callee_number")) assertThat(st.to()).as(what).isEqualTo(x.getString("callee_number"));
    Object talk = x.getValue("duration_talking_s");
    if (x.containsKey("duration_talking_s") && talk == null) assertThat(st.talkSeconds()).as(what + " talk").isNull();
    if (talk instanceof JsonArray r && st.answered()) {
      assertThat(st.talkSeconds()).as(what + " talk").isBetween(r.getLong(0), r.getLong(1));
    }
    if (x.getValue("duration_waiting_s") instanceof JsonArray r) {
      assertThat(st.ringSeconds()).as(what + " waiting").isBetween(r.getLong(0), r.getLong(1));
    }
  }

  /** The event as its sender posts it: the exact body where the scenario has one, else the parameters. */
  static RawRequest request(JsonObject e, Instant at) {
    String type = e.getString("content_type", "");
    if (e.getString("raw_body") != null) {
      return new RawRequest("application/x-www-form-urlencoded", Map.of(),
          e.getString("raw_body").getBytes(StandardCharsets.UTF_8), "127.0.0.1", at);
    }
    JsonObject params = e.getJsonObject("params");
    if (type.startsWith("application/json")) {
      return new RawRequest("application/json", Map.of(), params.encode().getBytes(StandardCharsets.UTF_8), "127.0.0.1", at);
    }
    StringBuilder b = new StringBuilder();
    for (String k : params.fieldNames()) {
      Object v = params.getValue(k);
      List<Object> values = v instanceof JsonArray a ? a.getList() : List.of(v);
      for (Object one : values) {
        b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(v instanceof JsonArray ? k + "[]" : k, StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(String.valueOf(one), StandardCharsets.UTF_8));
      }
    }
    return new RawRequest("application/x-www-form-urlencoded", Map.of(), b.toString().getBytes(StandardCharsets.UTF_8), "127.0.0.1", at);
  }
}
