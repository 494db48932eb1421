package io.voxgate.dispatch;

import io.vertx.core.json.JsonObject;
import io.voxgate.config.SourceConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides and renders the message for one outbox row (pure): the channel's path for acks and
 * replies — email threaded to the customer's mail, SMS, callback, postal list — or a staff notice.
 * Never acknowledges forum posts, auto-replies or bounces, nor a ticket without a contact.
 */
public final class Composer {
  /** Ticket flags that mean the sender is a machine: answering would start a mail loop. */
  static final Set<String> MACHINE_FLAGS = Set.of("auto_reply", "auto_submitted", "bounce", "bulk", "mailer_daemon");
  private static final DateTimeFormatter ZH_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.CHINA);
  private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter ZH_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.CHINA);
  private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm", Locale.ENGLISH);

  private final String messageIdDomain;
  private final ZoneId zone;

  private final Map<String, SourceConfig> sources;

  public Composer(String messageIdDomain, ZoneId zone) {
    this(messageIdDomain, zone, List.of());
  }

  /** @param sources configured sources: a callback goes to its source's {@code callback_url}, signed with its secret */
  public Composer(String messageIdDomain, ZoneId zone, List<SourceConfig> sources) {
    this.messageIdDomain = messageIdDomain;
    this.zone = zone;
    this.sources = new java.util.HashMap<>();
    for (SourceConfig s : sources) this.sources.put(s.id(), s);
  }

  /** @param replyBy when the customer hears back (the feedback deadline), shown as a date */
  public Outgoing compose(OutboxItem o, Instant replyBy) {
    if (!o.toCustomer()) return staffNotice(o);
    if (o.purpose().equals("ack")) {
      if (o.channel().equals("forum")) return new Outgoing.Skip("forum", "suppressed");
      if (o.flags().stream().anyMatch(MACHINE_FLAGS::contains)) return new Outgoing.Skip("auto_reply", "suppressed");
    }
    Map<String, String> v = values(o);
    v.put("due", date(replyBy, o.language()));
    v.put("text", o.payload().getString("text", ""));
    v.put("author", o.payload().getString("author", ""));
    String template = o.purpose();
    return switch (o.via()) {
      case "email" -> {
        if (blank(o.customerEmail())) yield new Outgoing.Skip("no_contact", "suppressed");
        Templates.Rendered r = Templates.render(template, o.language(), v);
        yield mail(o, o.customerEmail(), r, o.purpose().equals("ack") ? "auto-replied" : null);
      }
      case "sms" -> blank(o.customerPhone()) ? new Outgoing.Skip("no_contact", "suppressed")
          : new Outgoing.Sms(o.customerPhone(), Templates.render(template + "-sms", o.language(), v).text());
      case "callback" -> {
        SourceConfig source = sources.get(o.payload().getString("source", ""));
        String url = o.payload().getString("url", source == null ? null : source.callbackUrl().orElse(null));
        yield url == null ? new Outgoing.Skip("no_callback_url", "suppressed") : new Outgoing.Callback(url,
            new JsonObject().put("ticket", o.number()).put("purpose", o.purpose()).put("external_id", o.externalId())
                .put("status", "acknowledged")
                .put("text", Templates.render(template + "-sms", o.language(), v).text()),
            source == null ? java.util.Optional.empty() : source.secret());
      }
      case "postal" -> new Outgoing.Skip("postal", "postal");
      default -> new Outgoing.Skip("no_contact", "suppressed");
    };
  }

  private Outgoing staffNotice(OutboxItem o) {
    Map<String, String> v = values(o);
    String due = o.payload().getString("due");
    v.put("due", due == null ? "" : time(Instant.parse(due), o.language()));
    v.put("clock", o.payload().getString("clock", ""));
    v.put("assignee", o.payload().getString("assignee", ""));
    v.put("rules", o.payload().getString("rules", ""));
    if (blank(o.recipient())) return new Outgoing.Skip("no_recipient", null);
    return mail(o, o.recipient(), Templates.render(o.purpose(), o.language(), v), "auto-generated");
  }

  private Outgoing.Mail mail(OutboxItem o, String to, Templates.Rendered r, String autoSubmitted) {
    List<String> refs = new ArrayList<>();
    if (o.toCustomer() && o.channel().equals("email") && !blank(o.externalId()) && o.externalId().contains("@")) {
      refs.add(angle(o.externalId()));
    }
    if (o.toCustomer()) refs.addAll(o.earlierMessageIds());
    String inReplyTo = refs.isEmpty() ? null : (o.channel().equals("email") ? refs.get(0) : refs.get(refs.size() - 1));
    String id = "<" + o.purpose() + "." + o.id() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
        + "@" + messageIdDomain + ">";
    return new Outgoing.Mail(to, r.subject(), r.text(), id, inReplyTo, List.copyOf(refs), autoSubmitted);
  }

  private static Map<String, String> values(OutboxItem o) {
    Map<String, String> v = new HashMap<>();
    boolean en = o.language() != null && o.language().startsWith("en");
    v.put("number", o.number());
    v.put("kind", kind(o.kind(), en));
    v.put("name", blank(o.customerName()) ? (en ? "customer" : "客户") : o.customerName());
    v.put("subject", blank(o.subject()) ? (en ? "(no subject)" : "（无主题）") : o.subject());
    v.put("department", blank(o.department()) ? (en ? "customer service" : "客服中心") : o.department());
    return v;
  }

  private static String kind(String kind, boolean en) {
    return switch (kind) {
      case "complaint" -> en ? "complaint" : "投诉";
      case "enquiry" -> en ? "enquiry" : "咨询";
      case "report" -> en ? "report" : "举报";
      default -> en ? "message" : "反馈";
    };
  }

  private String date(Instant at, String lang) {
    return (lang != null && lang.startsWith("en") ? EN_DATE : ZH_DATE).format(at.atZone(zone));
  }

  private String time(Instant at, String lang) {
    return (lang != null && lang.startsWith("en") ? EN_TIME : ZH_TIME).format(at.atZone(zone));
  }

  private static String angle(String id) {
    String s = id.trim();
    return s.startsWith("<") ? s : "<" + s + ">";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
