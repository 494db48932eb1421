package io.voxgate.config;

import io.voxgate.dispatch.sla.DeadlineRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/** The whole gateway configuration, validated once at start. */
public record GatewayConfig(Path dataDir, Path channelsDir, Server server, Database database,
                            Optional<String> adminToken, Optional<String> smtpUrl, Intake intake,
                            Deadlines deadlines, Rules rules, List<SourceConfig> sources,
                            Smtp smtp, Sms sms, Calendar calendar, Dispatch dispatch, InboxOptions inbox,
                            LetterOptions letter) {

  /** @param instances HTTP verticle instances; 0 means one per core */
  public record Server(String host, int port, int instances, long bodyLimit, boolean trustForwardedFor) {
    public int effectiveInstances() {
      return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
  }

  /** @param url empty: the embedded PostgreSQL under the data dir */
  public record Database(Optional<String> url, int poolSize, int embeddedPort, Duration acquireTimeout) {
  }

  /** @param batchMax most intakes grouped into one commit */
  public record Intake(int batchMax) {
  }

  /**
   * Rules per clock (see {@link DeadlineRule#parse}); {@code reminderLead} is the fraction of a clock's
   * span left when the assignee is reminded.
   */
  public record Deadlines(Duration ack, DeadlineRule transfer, DeadlineRule investigation, DeadlineRule feedback,
                          DeadlineRule resolutionSimple, DeadlineRule resolutionComplex, DeadlineRule returnVisit,
                          double reminderLead) {
  }

  /**
   * Outgoing mail. {@code url} empty: {@code Main} starts the dev mailbox on {@code devSmtpPort}/{@code devImapPort}.
   * At most {@code recipientCap} automatic mails per recipient per {@code recipientWindow}.
   */
  public record Smtp(Optional<String> url, String from, String messageIdDomain, Duration timeout, int recipientCap,
                     Duration recipientWindow, int devSmtpPort, int devImapPort) {
  }

  /** SMS webhook: POST JSON {phone, text, ticket}, signed with {@code secret} when set. */
  public record Sms(Optional<String> url, Optional<String> secret, Duration timeout, int devPort) {
  }

  /** Calendar files ({@code *.json}) and working hours; warn when coverage ends within {@code warnDays}. */
  public record Calendar(Path dir, LocalTime open, LocalTime close, int warnDays) {
  }

  /**
   * Dispatcher: fallback poll, rows per claim, concurrent claims (lanes, one connection each), retries (exponential back-off from {@code backoff}, capped,
   * with jitter) and who hears of deadlines: {@code assigneeAddress} with {@code {assignee}} replaced,
   * supervisors (overdue) and management (major escalation).
   */
  public record Dispatch(Duration poll, int batch, int lanes, int maxAttempts, Duration backoff, Duration backoffMax,
                         String assigneeAddress, List<String> supervisors, List<String> management) {
  }

  /** A letter source's options: its file over the top-level {@code letter:} section. */
  public LetterOptions letterOptions(SourceConfig source) {
    return LetterOptions.source(source.settings(), letter);
  }

  public Optional<SourceConfig> source(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public GatewayConfig withDatabaseUrl(String url) {
    return new GatewayConfig(dataDir, channelsDir, server,
        new Database(Optional.of(url), database.poolSize(), database.embeddedPort(), database.acquireTimeout()),
        adminToken, smtpUrl, intake, deadlines, rules, sources, smtp, sms, calendar, dispatch, inbox, letter);
  }

  public GatewayConfig withPort(int port) {
    return new GatewayConfig(dataDir, channelsDir,
        new Server(server.host(), port, server.instances(), server.bodyLimit(), server.trustForwardedFor()),
        database, adminToken, smtpUrl, intake, deadlines, rules, sources, smtp, sms, calendar, dispatch, inbox, letter);
  }

  /** With the dev mailbox's URL once {@code Main} has started it. */
  public GatewayConfig withSmsUrl(String url) {
    return new GatewayConfig(dataDir, channelsDir, server, database, adminToken, smtpUrl, intake, deadlines, rules,
        sources, smtp, new Sms(Optional.of(url), sms.secret(), sms.timeout(), sms.devPort()), calendar, dispatch, inbox,
        letter);
  }

  public GatewayConfig withSmtpUrl(String url) {
    Smtp s = new Smtp(Optional.of(url), smtp.from(), smtp.messageIdDomain(), smtp.timeout(), smtp.recipientCap(),
        smtp.recipientWindow(), smtp.devSmtpPort(), smtp.devImapPort());
    return new GatewayConfig(dataDir, channelsDir, server, database, adminToken, Optional.of(url), intake, deadlines,
        rules, sources, s, sms, calendar, dispatch, inbox, letter);
  }
}
