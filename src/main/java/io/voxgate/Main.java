package io.voxgate;

import io.voxgate.channel.email.MailParser;
import io.voxgate.config.ConfigException;
import io.voxgate.config.ConfigLoader;
import io.voxgate.config.GatewayConfig;
import io.voxgate.db.EmbeddedDatabase;
import io.voxgate.dispatch.DevMailbox;
import io.voxgate.dispatch.DevSms;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code java -jar target/voxgate.jar}: loads and validates the configuration, starts the embedded
 * PostgreSQL when no database URL is set, then the gateway. Exits non-zero with a clear message
 * when the configuration is wrong or a part does not start.
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {
  }

  public static void main(String[] args) {
    MailParser.lenientJakartaMail();
    configureLogging();
    GatewayConfig config;
    try {
      config = ConfigLoader.load(System.getenv());
    } catch (ConfigException e) {
      System.err.println("voxgate: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    EmbeddedDatabase embedded = null;
    DevMailbox mailbox = null;
    DevSms sms = null;
    try {
      if (config.database().url().isEmpty()) {
        LOG.info("VOXGATE_DB_URL is not set: starting the embedded PostgreSQL under " + config.dataDir().resolve("pg"));
        embedded = EmbeddedDatabase.start(config.dataDir(), config.database().embeddedPort());
        config = config.withDatabaseUrl(embedded.url());
        LOG.info("embedded PostgreSQL at " + embedded.url());
      }
      if (config.smtp().url().isEmpty()) {
        mailbox = DevMailbox.start(config.smtp().devSmtpPort(), config.smtp().devImapPort());
        config = config.withSmtpUrl(mailbox.smtpUrl());
        LOG.info("VOXGATE_SMTP_URL is not set: acknowledgements go to the " + mailbox.howToRead());
        if (config.sms().url().isEmpty()) {
          sms = DevSms.start(config.sms().devPort());
          config = config.withSmsUrl(sms.url());
          LOG.info("sms.url is not set either: SMS acknowledgements go to the dev SMS receiver; list them with curl -s "
              + sms.url());
        }
      }
      Gateway gateway = Gateway.start(config).await(2, TimeUnit.MINUTES);
      Optional<String> devToken = gateway.bootstrapAdmin(embedded != null).await(30, TimeUnit.SECONDS);
      devToken.ifPresent(t -> System.out.println("voxgate: development admin token (shown once): " + t));
      EmbeddedDatabase db = embedded;
      DevMailbox devMail = mailbox;
      DevSms devSms = sms;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          gateway.stop().await(5, TimeUnit.SECONDS); // the close future may never report back once event loops are gone
        } catch (Exception ignored) {
          // shutting down anyway
        }
        if (db != null) db.close();
        if (devMail != null) devMail.close();
        if (devSms != null) devSms.close();
      }, "voxgate-shutdown"));
      System.out.println("voxgate: listening on http://localhost:" + gateway.port()
          + "  (web form /form, inbox API /api/v1, health /health/ready, metrics /metrics)");
    } catch (Exception e) {
      System.err.println("voxgate: could not start: " + e.getMessage());
      if (embedded != null) embedded.close();
      if (mailbox != null) mailbox.close();
      if (sms != null) sms.close();
      System.exit(1);
    }
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) return;
    try (var in = Main.class.getClassLoader().getResourceAsStream("logging.properties")) {
      if (in != null) java.util.logging.LogManager.getLogManager().readConfiguration(in);
    } catch (java.io.IOException e) {
      System.err.println("voxgate: default logging configuration not read: " + e.getMessage());
    }
  }
}
