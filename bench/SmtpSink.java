import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SMTP sink of bench/two-gateways.sh, JDK only: {@code java bench/SmtpSink.java PORT OUT_FILE}.
 * Listens on 127.0.0.1:PORT, accepts every mail (plain SMTP: HELO/EHLO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT; no TLS, no AUTH) and appends one line per recipient and mail to OUT_FILE:
 * {@code recipient<TAB>Message-ID<TAB>Subject} (headers as sent, unfolded). A connection lives as
 * long as the client keeps it; each has its own thread.
 */
public class SmtpSink {
  private static PrintWriter out;

  public static void main(String[] a) throws IOException {
    int port = Integer.parseInt(a[0]);
    out = new PrintWriter(Files.newBufferedWriter(Path.of(a[1]), StandardCharsets.UTF_8));
    try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
      System.out.println("SMTP sink listening on 127.0.0.1:" + port);
      while (true) {
        Socket s = server.accept();
        Thread t = new Thread(() -> session(s));
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private static void session(Socket s) {
    try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
         OutputStream os = s.getOutputStream()) {
      s.setSoTimeout(300_000); // an idle pooled connection is dropped after 5 minutes
      reply(os, "220 sink ESMTP");
      List<String> rcpts = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (cmd) {
          case "EHLO" -> reply(os, "250-sink\r\n250 8BITMIME");
          case "HELO", "NOOP" -> reply(os, "250 OK");
          case "MAIL", "RSET" -> {
            rcpts.clear();
            reply(os, "250 OK");
          }
          case "RCPT" -> {
            rcpts.add(address(line));
            reply(os, "250 OK");
          }
          case "DATA" -> {
            reply(os, "354 end with <CRLF>.<CRLF>");
            data(in, rcpts);
            rcpts.clear();
            reply(os, "250 OK queued");
          }
          case "QUIT" -> {
            reply(os, "221 bye");
            return;
          }
          default -> reply(os, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away: nothing to record
    }
  }

  private static void data(BufferedReader in, List<String> rcpts) throws IOException {
    String messageId = "";
    String subject = "";
    boolean headers = true;
    String last = null;
    for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
      if (!headers) continue;
      if (line.isEmpty()) {
        headers = false;
      } else if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
        if (last.equals("subject")) subject += line.strip();
      } else {
        int colon = line.indexOf(':');
        last = colon > 0 ? line.substring(0, colon).toLowerCase() : null;
        if ("message-id".equals(last)) messageId = line.substring(colon + 1).strip();
        if ("subject".equals(last)) subject = line.substring(colon + 1).strip();
      }
    }
    synchronized (SmtpSink.class) {
      for (String r : rcpts) out.println(r + "\t" + messageId + "\t" + subject.replace('\t', ' '));
      out.flush();
    }
  }

  private static String address(String line) {
    int lt = line.indexOf('<');
    int gt = line.indexOf('>', lt + 1);
    return (lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : line.substring(line.indexOf(':') + 1).strip()).toLowerCase();
  }

  private static void reply(OutputStream os, String text) throws IOException {
    os.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    os.flush();
  }
}
