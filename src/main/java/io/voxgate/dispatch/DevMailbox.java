package io.voxgate.dispatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The development mailbox (GreenMail) that {@code Main} starts when no SMTP server is configured:
 * SMTP and IMAP on 127.0.0.1, a user {@code complaints@voxgate.local} / {@code demo} for the demo
 * mail source, and a mailbox created on delivery for any other recipient (login = address,
 * password = address). Nothing leaves the machine.
 */
public final class DevMailbox implements AutoCloseable {
  public static final String DEMO_USER = "complaints@voxgate.local";
  public static final String DEMO_PASSWORD = "demo";
  private final GreenMail mail;

  private DevMailbox(GreenMail mail) {
    this.mail = mail;
  }

  /** Starts both servers; blocks until they listen (call from {@code main}, not an event loop). */
  public static DevMailbox start(int smtpPort, int imapPort) {
    GreenMail mail = new GreenMail(new ServerSetup[] {
        new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    mail.start();
    mail.setUser(DEMO_USER, DEMO_USER, DEMO_PASSWORD);
    return new DevMailbox(mail);
  }

  public int smtpPort() {
    return mail.getSmtp().getPort();
  }

  public int imapPort() {
    return mail.getImap().getPort();
  }

  public String smtpUrl() {
    return "smtp://127.0.0.1:" + smtpPort();
  }

  /** How to read it, for the start-up log. */
  public String howToRead() {
    return "dev mailbox: SMTP smtp://127.0.0.1:" + smtpPort() + ", IMAP imap://127.0.0.1:" + imapPort()
        + " — read a customer's mail with login = password = the address (e.g. curl -s --url "
        + "'imap://127.0.0.1:" + imapPort() + "/INBOX;UID=1' --user 'li@example.com:li@example.com'); "
        + "demo mailbox " + DEMO_USER + " / " + DEMO_PASSWORD;
  }

  @Override
  public void close() {
    mail.stop();
  }
}
