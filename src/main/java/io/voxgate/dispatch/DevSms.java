package io.voxgate.dispatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The development SMS receiver that {@code Main} starts next to the dev mailbox when no SMS webhook
 * is configured: it takes the gateway's SMS webhook requests ({@code POST /}, JSON
 * {@code {phone, text, ticket}}) on 127.0.0.1 and keeps the newest {@value #KEEP};
 * {@code GET /} lists them, newest first. Nothing leaves the machine.
 */
public final class DevSms implements AutoCloseable {
  static final int KEEP = 1000;
  private static final int MAX_BODY = 64 * 1024;
  private final HttpServer server;
  private final Deque<JsonObject> received = new ArrayDeque<>();

  private record Answer(int status, String body) {
  }

  private DevSms(HttpServer server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); call from {@code main}, not an event loop. */
  public static DevSms start(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    DevSms sms = new DevSms(server);
    server.createContext("/", sms::handle);
    server.start();
    return sms;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      switch (ex.getRequestMethod()) {
        case "POST" -> answer(ex, take(ex.getRequestBody()));
        case "GET" -> answer(ex, new Answer(200, list().encodePrettily()));
        default -> answer(ex, new Answer(405, error("use POST to send, GET to list")));
      }
    }
  }

  /** Status and body for one webhook request; a message the gateway would not send is refused. */
  private Answer take(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) return new Answer(413, error("body over " + MAX_BODY + " bytes"));
    JsonObject sms;
    try {
      sms = new JsonObject(new String(body, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      return new Answer(400, error("body is not a JSON object"));
    }
    if (sms.getValue("phone") == null || sms.getValue("text") == null) {
      return new Answer(400, error("phone and text are required"));
    }
    synchronized (received) {
      received.addFirst(sms.copy().put("received_at", Instant.now().toString()));
      while (received.size() > KEEP) received.removeLast();
    }
    return new Answer(200, "{\"status\":\"accepted\"}");
  }

  private JsonArray list() {
    synchronized (received) {
      return new JsonArray(new java.util.ArrayList<>(received));
    }
  }

  private static String error(String message) {
    return new JsonObject().put("error", new JsonObject().put("code", "bad_request").put("message", message)).encode();
  }

  private static void answer(HttpExchange ex, Answer a) throws IOException {
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(a.status(), bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
