package io.voxgate.config;

import io.voxgate.dispatch.sla.DeadlineRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The dispatcher's sections of {@code voxgate.yaml}: smtp, sms, deadlines, calendar, dispatch. */
final class DispatchConfig {
  private DispatchConfig() {
  }

  static GatewayConfig.Deadlines deadlines(YamlTree t) {
    known(t, "ack", "transfer", "investigation", "feedback", "resolution_simple", "resolution_complex",
        "return_visit", "reminder_lead");
    String lead = t.string("reminder_lead", "0.25");
    double leadValue;
    try {
      leadValue = Double.parseDouble(lead);
    } catch (NumberFormatException e) {
      throw t.error("reminder_lead", "must be a fraction between 0 and 1, got '" + lead + "'");
    }
    if (!(leadValue >= 0 && leadValue < 1)) throw t.error("reminder_lead", "must be a fraction in [0, 1), got " + lead);
    return new GatewayConfig.Deadlines(t.duration("ack", Duration.ofMinutes(30)),
        rule(t, "transfer", "PT24H"), rule(t, "investigation", "PT48H"), rule(t, "feedback", "3 working days"),
        rule(t, "resolution_simple", "5 working days"), rule(t, "resolution_complex", "7 working days"),
        rule(t, "return_visit", "1 working day"), leadValue);
  }

  static GatewayConfig.Smtp smtp(YamlTree t) {
    known(t, "url", "from", "message_id_domain", "timeout", "recipient_cap", "recipient_window", "dev_smtp_port",
        "dev_imap_port");
    var url = t.optString("url");
    if (url.isPresent() && !url.get().matches("smtps?://.+")) throw t.error("url", "must look like smtp://host:port or smtps://user:pass@host:port");
    String domain = t.string("message_id_domain", "voxgate.local");
    if (!domain.matches("[A-Za-z0-9.-]+")) throw t.error("message_id_domain", "must be a domain name, got '" + domain + "'");
    return new GatewayConfig.Smtp(url, t.string("from", "Voxgate 客服中心 <complaints@voxgate.local>"), domain,
        t.duration("timeout", Duration.ofSeconds(10)), t.intValue("recipient_cap", 10, 1, 1_000_000),
        t.duration("recipient_window", Duration.ofHours(3)), t.intValue("dev_smtp_port", 2525, 0, 65535),
        t.intValue("dev_imap_port", 3143, 0, 65535));
  }

  static GatewayConfig.Sms sms(YamlTree t) {
    known(t, "url", "secret", "timeout", "dev_port");
    if (t.has("secret") && !t.optString("secret").isEmpty() && !t.isEnvReference("secret")) {
      throw t.error("secret", "must be an environment reference such as ${SMS_SECRET}, not the secret itself");
    }
    var url = t.optString("url");
    if (url.isPresent() && !url.get().matches("https?://.+")) throw t.error("url", "must be an http(s) URL");
    return new GatewayConfig.Sms(url, t.optString("secret"), t.duration("timeout", Duration.ofSeconds(5)),
        t.intValue("dev_port", 2526, 0, 65535));
  }

  static GatewayConfig.Calendar calendar(YamlTree t) {
    known(t, "dir", "working_hours", "warn_days");
    String hours = t.string("working_hours", "09:00-18:00");
    String[] parts = hours.split("-");
    try {
      if (parts.length != 2) throw new DateTimeParseException("", hours, 0);
      LocalTime open = LocalTime.parse(parts[0].trim());
      LocalTime close = LocalTime.parse(parts[1].trim());
      if (!open.isBefore(close)) throw t.error("working_hours", "must open before it closes, got '" + hours + "'");
      return new GatewayConfig.Calendar(Path.of(t.string("dir", "conf/calendars")), open, close,
          t.intValue("warn_days", 60, 0, 3650));
    } catch (DateTimeParseException e) {
      throw t.error("working_hours", "must look like 09:00-18:00, got '" + hours + "'");
    }
  }

  static GatewayConfig.Dispatch dispatch(YamlTree t) {
    known(t, "poll", "batch", "lanes", "max_attempts", "backoff", "backoff_max", "assignee_address", "supervisors", "management");
    return new GatewayConfig.Dispatch(t.duration("poll", Duration.ofSeconds(2)), t.intValue("batch", 1, 1, 10_000),
        t.intValue("lanes", 1, 1, 64),
        t.intValue("max_attempts", 8, 1, 1000), t.duration("backoff", Duration.ofSeconds(30)),
        t.duration("backoff_max", Duration.ofHours(1)), t.string("assignee_address", "{assignee}@voxgate.local"),
        addresses(t, "supervisors", "supervisors@voxgate.local"), addresses(t, "management", "management@voxgate.local"));
  }

  /** A comma-separated list (so that one environment variable can set it). */
  private static List<String> addresses(YamlTree t, String key, String fallback) {
    List<String> out = Arrays.stream(t.string(key, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String a : out) if (!a.matches("[^@\\s]+@[^@\\s]+")) throw t.error(key, "'" + a + "' is not an e-mail address");
    return out;
  }

  private static DeadlineRule rule(YamlTree t, String key, String fallback) {
    try {
      return DeadlineRule.parse(t.string(key, fallback));
    } catch (IllegalArgumentException e) {
      throw t.error(key, e.getMessage());
    }
  }

  private static void known(YamlTree t, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String k : t.keys()) if (!allowed.contains(k)) throw t.error(k, "unknown key (known: " + String.join(", ", keys) + ")");
  }
}
