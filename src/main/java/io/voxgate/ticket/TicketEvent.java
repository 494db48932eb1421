package io.voxgate.ticket;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One normalised intake, whatever the channel: what a parser produces and the steps refine.
 * Immutable; steps return a changed copy through {@link #toBuilder()}.
 *
 * @param kind      null until the sender or {@code Classify} decides
 * @param matched   which rules decided kind, category, severity and routing (audit trail)
 * @param flags     conditions an agent must see, e.g. {@code parse_failed}
 * @param clocks    channel-specific deadline clocks started with the ticket
 */
public record TicketEvent(Channel channel, String source, String externalId, Instant receivedAt, Kind kind,
                          Customer customer, String subject, String body, String bodyHtml, String language,
                          BigDecimal claimAmount, Category category, Severity severity, String department,
                          List<Attachment> attachments, RawInput raw, Set<String> flags, List<String> matched,
                          AckPlan ack, List<ClockStart> clocks) {

  public TicketEvent {
    customer = customer == null ? Customer.UNKNOWN : customer;
    subject = subject == null ? "" : subject;
    body = body == null ? "" : body;
    attachments = List.copyOf(attachments == null ? List.of() : attachments);
    flags = Set.copyOf(flags == null ? Set.of() : flags);
    matched = List.copyOf(matched == null ? List.of() : matched);
    ack = ack == null ? AckPlan.UNDECIDED : ack;
    clocks = List.copyOf(clocks == null ? List.of() : clocks);
  }

  public static Builder builder(Channel channel, String source, String externalId, Instant receivedAt) {
    Builder b = new Builder();
    b.channel = channel;
    b.source = source;
    b.externalId = externalId;
    b.receivedAt = receivedAt;
    return b;
  }

  /** Subject and body, the text the rules read. */
  public String text() {
    return subject.isEmpty() ? body : subject + "\n" + body;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.channel = channel;
    b.source = source;
    b.externalId = externalId;
    b.receivedAt = receivedAt;
    b.kind = kind;
    b.customer = customer;
    b.subject = subject;
    b.body = body;
    b.bodyHtml = bodyHtml;
    b.language = language;
    b.claimAmount = claimAmount;
    b.category = category;
    b.severity = severity;
    b.department = department;
    b.attachments = new ArrayList<>(attachments);
    b.raw = raw;
    b.flags = new LinkedHashSet<>(flags);
    b.matched = new ArrayList<>(matched);
    b.ack = ack;
    b.clocks = new ArrayList<>(clocks);
    return b;
  }

  /** Mutable companion for building and changing events. */
  public static final class Builder {
    private Channel channel;
    private String source;
    private String externalId;
    private Instant receivedAt;
    private Kind kind;
    private Customer customer = Customer.UNKNOWN;
    private String subject;
    private String body;
    private String bodyHtml;
    private String language;
    private BigDecimal claimAmount;
    private Category category;
    private Severity severity;
    private String department;
    private List<Attachment> attachments = new ArrayList<>();
    private RawInput raw;
    private Set<String> flags = new LinkedHashSet<>();
    private List<String> matched = new ArrayList<>();
    private AckPlan ack;
    private List<ClockStart> clocks = new ArrayList<>();

    public Builder kind(Kind v) { kind = v; return this; }
    public Builder customer(Customer v) { customer = v; return this; }
    public Builder subject(String v) { subject = v; return this; }
    public Builder body(String v) { body = v; return this; }
    public Builder bodyHtml(String v) { bodyHtml = v; return this; }
    public Builder language(String v) { language = v; return this; }
    public Builder claimAmount(BigDecimal v) { claimAmount = v; return this; }
    public Builder category(Category v) { category = v; return this; }
    public Builder severity(Severity v) { severity = v; return this; }
    public Builder department(String v) { department = v; return this; }
    public Builder attachments(List<Attachment> v) { attachments = new ArrayList<>(v); return this; }
    public Builder raw(RawInput v) { raw = v; return this; }
    public Builder flag(String v) { flags.add(v); return this; }
    public Builder matched(String v) { matched.add(v); return this; }
    public Builder ack(AckPlan v) { ack = v; return this; }
    public Builder clock(ClockStart v) { clocks.add(v); return this; }

    public TicketEvent build() {
      return new TicketEvent(channel, source, externalId, receivedAt, kind, customer, subject, body, bodyHtml,
          language, claimAmount, category, severity, department, attachments, raw, flags, matched, ack, clocks);
    }
  }
}
