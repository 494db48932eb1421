package io.voxgate.channel.forum;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A forum web site for tests on 127.0.0.1: pages the test sets (or changes) by path (with or
 * without the query), a log of
 * every request (path, User-Agent, time), paths that never answer, and an answer of 404 otherwise.
 */
final class ForumSite implements AutoCloseable {
  record Page(int status, String contentType, byte[] body, Map<String, String> headers) {
  }

  record Hit(String path, String userAgent, String host, long nanos) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  ForumSite() {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  private void handle(HttpServerRequest req) {
    hits.add(new Hit(req.uri(), req.getHeader("User-Agent"), req.authority() == null ? null : req.authority().host(),
        System.nanoTime()));
    Page p = pages.getOrDefault(req.uri(), pages.get(req.path()));
    if (p == null) {
      req.response().setStatusCode(404).end("not found");
    } else if (p.status() == 0) {
      // never answers: a hanging server
    } else {
      req.response().setStatusCode(p.status());
      if (p.contentType() != null) req.response().putHeader("Content-Type", p.contentType());
      p.headers().forEach(req.response()::putHeader);
      req.response().end(Buffer.buffer(p.body()));
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  int port() {
    return server.actualPort();
  }

  ForumSite page(String path, String contentType, byte[] body) {
    pages.put(path, new Page(200, contentType, body, Map.of()));
    return this;
  }

  ForumSite html(String path, String html) {
    return page(path, "text/html; charset=utf-8", html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  ForumSite file(String path, String contentType, Path file) {
    try {
      return page(path, contentType, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ForumSite status(String path, int status, Map<String, String> headers) {
    pages.put(path, new Page(status, "text/plain", new byte[0], headers));
    return this;
  }

  ForumSite hang(String path) {
    pages.put(path, new Page(0, null, null, Map.of()));
    return this;
  }

  List<String> paths() {
    return hits.stream().map(Hit::path).toList();
  }

  /** Requests after the first {@code mark}, from one snapshot (requests may still be arriving). */
  List<Hit> hitsSince(int mark) {
    List<Hit> all = List.copyOf(hits);
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  List<String> pathsSince(int mark) {
    return hitsSince(mark).stream().map(Hit::path).toList();
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the test is over either way
    }
  }
}
