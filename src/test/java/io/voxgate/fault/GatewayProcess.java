package io.voxgate.fault;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code io.voxgate.Main} in its own JVM on a fixed port, so that it can be killed and started again. */
public final class GatewayProcess implements AutoCloseable {
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  public GatewayProcess(Map<String, String> env, Path log) {
    this.env = new HashMap<>(env);
    this.log = log;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts and waits (bounded) until {@code /health/live} answers. */
  public void start() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "io.voxgate.Main"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("VOXGATE_"));
    pb.environment().putAll(env);
    process = pb.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI live = URI.create("http://127.0.0.1:" + env.get("VOXGATE_HTTP_PORT") + "/health/live");
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see " + log);
      try {
        // bounded: a request caught by a starting server may go unanswered; the next try decides
        HttpRequest probe = HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(2)).build();
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYet) {
        // still starting (refused or timed out)
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("gateway not live after 30 s; see " + log);
  }

  /** SIGKILL: no shutdown hook, no flush — as a power cut or the OOM killer would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
    }
  }
}
