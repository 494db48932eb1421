package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voxgate.dispatch.sla.DeadlineRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dispatcher's sections: defaults from the project's conf, overrides, and errors that name the key. */
class DispatchConfigTest {
  static GatewayConfig load(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("VOXGATE_CHANNELS_DIR", "src/test/resources/channels");
    env.put("TEST_PARTNER_SECRET", "x");
    return ConfigLoader.load(Path.of("conf"), env);
  }

  @Test
  void projectConfHasTheDesignDefaults() {
    GatewayConfig c = load(Map.of());
    assertThat(c.deadlines().ack()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.deadlines().transfer()).isEqualTo(new DeadlineRule.WallClock(Duration.ofHours(24)));
    assertThat(c.deadlines().feedback()).isEqualTo(new DeadlineRule.WorkingDays(3));
    assertThat(c.deadlines().resolutionComplex()).isEqualTo(new DeadlineRule.WorkingDays(7));
    assertThat(c.deadlines().resolutionSimple()).isEqualTo(new DeadlineRule.WorkingDays(5));
    assertThat(c.deadlines().returnVisit()).isEqualTo(new DeadlineRule.WorkingDays(1));
    assertThat(c.smtp().recipientCap()).isEqualTo(10);
    assertThat(c.smtp().recipientWindow()).isEqualTo(Duration.ofHours(3));
    assertThat(c.smtp().messageIdDomain()).isEqualTo("voxgate.local");
    assertThat(c.smtp().devSmtpPort()).isEqualTo(2525);
    assertThat(c.smtp().devImapPort()).isEqualTo(3143);
    assertThat(c.calendar().open()).isEqualTo(LocalTime.of(9, 0));
    assertThat(c.calendar().close()).isEqualTo(LocalTime.of(18, 0));
    assertThat(c.dispatch().management()).containsExactly("management@voxgate.local");
  }

  @Test
  void environmentOverridesDispatchKeys() {
    GatewayConfig c = load(Map.of("VOXGATE_SMTP_URL", "smtp://mail:25", "VOXGATE_SMTP__RECIPIENT_CAP", "4",
        "VOXGATE_DEADLINES__FEEDBACK", "PT8H working", "VOXGATE_CALENDAR__WORKING_HOURS", "08:30-17:30",
        "VOXGATE_DISPATCH__SUPERVISORS", "a@x.cn, b@x.cn", "VOXGATE_SMS__SECRET", "${SMS_SECRET}", "SMS_SECRET", "s3"));
    assertThat(c.smtp().url()).hasValue("smtp://mail:25");
    assertThat(c.smtp().recipientCap()).isEqualTo(4);
    assertThat(c.deadlines().feedback()).isEqualTo(new DeadlineRule.WorkingTime(Duration.ofHours(8)));
    assertThat(c.calendar().open()).isEqualTo(LocalTime.of(8, 30));
    assertThat(c.dispatch().supervisors()).containsExactly("a@x.cn", "b@x.cn");
    assertThat(c.sms().secret()).hasValue("s3");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> load(Map.of("VOXGATE_DEADLINES__FEEDBACK", "soon")))
        .hasMessageContaining("deadlines.feedback").hasMessageContaining("3 working days");
    assertThatThrownBy(() -> load(Map.of("VOXGATE_CALENDAR__WORKING_HOURS", "18:00-09:00")))
        .hasMessageContaining("calendar.working_hours");
    assertThatThrownBy(() -> load(Map.of("VOXGATE_SMS__SECRET", "plain-secret")))
        .hasMessageContaining("sms.secret").hasMessageContaining("environment reference");
    assertThatThrownBy(() -> load(Map.of("VOXGATE_SMTP_URL", "mail.internal")))
        .hasMessageContaining("smtp.url");
    assertThatThrownBy(() -> load(Map.of("VOXGATE_DISPATCH__MANAGEMENT", "boss")))
        .hasMessageContaining("dispatch.management");
    assertThatThrownBy(() -> load(Map.of("VOXGATE_DEADLINES__REMINDER_LEAD", "2")))
        .hasMessageContaining("deadlines.reminder_lead");
    assertThatThrownBy(() -> load(Map.of("VOXGATE_SMTP__RECIPIENT_CAP", "0")))
        .hasMessageContaining("smtp.recipient_cap");
  }
}
