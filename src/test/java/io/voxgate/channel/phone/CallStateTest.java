package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.config.PhoneOptions;
import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.TicketEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallStateTest {
  static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
  static final PhoneOptions OPT = new PhoneOptions(PhoneOptions.Format.GENERIC, Optional.empty(), Map.of(), Optional.empty(),
      Duration.ofMinutes(2), Duration.ofHours(1),
      new PhoneOptions.Recordings(Set.of(), 1024, Duration.ofSeconds(5), 1, Duration.ofSeconds(1)), "<Response/>");

  static CallEvent ring(Instant at) {
    return new CallEvent("c1", "newCall", at, true, "in", "13800138000", "4008001234", at, null, null, null, null, null, null, null, null, null);
  }

  static CallEvent answer(Instant at, String by) {
    return new CallEvent("c1", "answer", at, true, "in", null, null, null, at, null, by, null, null, null, null, null, null);
  }

  static CallEvent hangup(Instant at, String cause) {
    return new CallEvent("c1", "hangup", at, true, "in", null, null, null, null, at, null, cause, null, null, null, null, null);
  }

  @Test
  void mergesHangupBeforeAnswerIntoTheRightDuration() {
    CallState s = CallState.merge(List.of(hangup(T0.plusSeconds(100), "normalClearing"), answer(T0.plusSeconds(30), "王芳"),
        ring(T0), hangup(T0.plusSeconds(100), "normalClearing")));
    assertThat(s.answered()).isTrue();
    assertThat(s.answeredBy()).isEqualTo("王芳");
    assertThat(s.talkSeconds()).isEqualTo(70);
    assertThat(s.ringSeconds()).isEqualTo(30);
    assertThat(s.missed(T0.plusSeconds(500), Duration.ofMinutes(2))).isFalse();
  }

  @Test
  void voicemailIsNotAnAnswer() {
    CallState s = CallState.merge(List.of(ring(T0), answer(T0.plusSeconds(20), "voicemail"), hangup(T0.plusSeconds(60), "normalClearing")));
    assertThat(s.answered()).isFalse();
    assertThat(s.answeredBy()).isEqualTo("voicemail");
    assertThat(s.missed(T0.plusSeconds(60), Duration.ofMinutes(2))).isTrue();
  }

  @Test
  void ringingPastTheRingTimeIsMissedButForwardedIsNot() {
    CallState ringing = CallState.merge(List.of(ring(T0)));
    assertThat(ringing.missed(T0.plusSeconds(119), Duration.ofMinutes(2))).isFalse();
    assertThat(ringing.missed(T0.plusSeconds(120), Duration.ofMinutes(2))).isTrue();
    assertThat(CallState.merge(List.of(ring(T0), hangup(T0.plusSeconds(5), "forwarded"))).missed(T0.plusSeconds(5), Duration.ofMinutes(2))).isFalse();
  }

  @Test
  void missedCallTicketNeedsACallbackWithinTheConfiguredTime() {
    CallState s = CallState.merge(List.of(ring(T0), hangup(T0.plusSeconds(15), "busy")));
    TicketEvent e = CallTickets.event("src", OPT, s, T0, T0.plusSeconds(15), null, List.of());
    assertThat(e.flags()).containsExactly(CallTickets.CALLBACK_FLAG);
    assertThat(e.clocks()).singleElement().satisfies(c -> {
      assertThat(c.clock()).isEqualTo("callback");
      assertThat(c.due()).isEqualTo(T0.plus(Duration.ofHours(1)));
    });
    assertThat(e.customer().phone()).isEqualTo("+8613800138000");
    assertThat(e.ack()).isEqualTo(AckPlan.UNDECIDED);
  }

  @Test
  void acknowledgementWaitsWhileTheCallIsUnderWay() {
    TicketEvent e = CallTickets.event("src", OPT, CallState.merge(List.of(ring(T0), answer(T0.plusSeconds(3), "a"))), T0,
        T0.plusSeconds(3), null, List.of());
    assertThat(e.ack()).isEqualTo(AckPlan.held());
    assertThat(e.flags()).isEmpty();
    assertThat(CallTickets.clearedFlags(CallState.merge(List.of(ring(T0), answer(T0.plusSeconds(3), "a"))), OPT, T0))
        .containsExactly(CallTickets.CALLBACK_FLAG);
  }

  @Test
  void outboundCallIsNeverMissedAndGetsNoAcknowledgement() {
    CallEvent dial = new CallEvent("c2", "newCall", T0, true, "out", "4008001234", "13800138000", T0, null, null, null, null, null, null, null, null, null);
    CallEvent cancel = new CallEvent("c2", "hangup", T0.plusSeconds(9), true, "out", null, null, null, null, T0.plusSeconds(9), null, "cancel", null, null, null, null, null);
    CallState s = CallState.merge(List.of(cancel, dial));
    TicketEvent e = CallTickets.event("src", OPT, s, T0, T0.plusSeconds(600), null, List.of());
    assertThat(s.missed(T0.plusSeconds(600), Duration.ofMinutes(2))).isFalse();
    assertThat(e.flags()).isEmpty();
    assertThat(e.customer().phone()).isEqualTo("+8613800138000");
    assertThat(e.ack()).isEqualTo(AckPlan.suppressed("outbound_call"));
  }

  @Test
  void reDeliveryWithoutSenderTimeHasTheSameHash() {
    CallEvent a = new CallEvent("c1", "answer", T0, false, "in", null, null, null, T0, null, "x", null, null, null, null, null, null);
    CallEvent b = new CallEvent("c1", "answer", T0.plusSeconds(9), false, "in", null, null, null, T0.plusSeconds(9), null, "x", null, null, null, null, null, null);
    CallEvent timed = new CallEvent("c1", "answer", T0, true, "in", null, null, null, T0, null, "x", null, null, null, null, null, null);
    assertThat(a.hash()).isEqualTo(b.hash()).isNotEqualTo(timed.hash());
    assertThat(CallEvent.fromJson(timed.toJson())).isEqualTo(timed);
  }
}
