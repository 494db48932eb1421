package io.voxgate.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** A GreenMail SMTP server on 127.0.0.1 (a free port, or a given one to come back after a stop). */
public final class TestMailbox implements AutoCloseable {
  private final GreenMail mail;

  private TestMailbox(GreenMail mail) {
    this.mail = mail;
  }

  public static TestMailbox start() {
    return start(0);
  }

  public static TestMailbox start(int port) {
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    if (port == 0) setup = setup.dynamicPort();
    GreenMail g = new GreenMail(setup);
    g.start();
    return new TestMailbox(g);
  }

  public int port() {
    return mail.getSmtp().getPort();
  }

  public String url() {
    return "smtp://127.0.0.1:" + port();
  }

  public List<MimeMessage> all() {
    return Arrays.asList(mail.getReceivedMessages());
  }

  /** Messages to {@code address}, waiting (bounded) until at least {@code n} are there. */
  public List<MimeMessage> awaitTo(String address, int n, Duration within) {
    Instant end = Instant.now().plus(within);
    List<MimeMessage> got;
    do {
      got = all().stream().filter(to(address)).toList();
      if (got.size() >= n) return got;
      pause();
    } while (Instant.now().isBefore(end));
    return got;
  }

  /** Waits (bounded) until {@code n} messages in all arrived. */
  public List<MimeMessage> awaitCount(int n, Duration within) {
    Instant end = Instant.now().plus(within);
    while (all().size() < n && Instant.now().isBefore(end)) pause();
    return all();
  }

  public static Predicate<MimeMessage> to(String address) {
    return m -> {
      try {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address));
      } catch (MessagingException e) {
        return false;
      }
    };
  }

  public static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, " ");
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(MimeMessage m) {
    try {
      Object c = m.getContent();
      return c instanceof String s ? s : String.valueOf(c);
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50); // polling interval of a bounded wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    mail.stop();
  }
}
