package io.voxgate.channel.forum;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.voxgate.config.ForumOptions;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Polite HTTP GET for the crawler: robots.txt checked first (cached per origin for a day), a
 * per-host request rate, the source's User-Agent, a time limit on the whole exchange, a response
 * size limit, and redirects followed by hand only to the source's configured hosts (at most 5).
 * Never blocks; belongs to one event loop.
 */
public final class ForumFetcher {
  private static final int MAX_REDIRECTS = 5;
  private static final Duration ROBOTS_TTL = Duration.ofHours(24);

  /** @param url the final URL after redirects; {@code waitedNanos} time spent held by the rate limit */
  public record Response(String url, int status, String contentType, byte[] body, long waitedNanos) {
  }

  /** A fetch that failed for a reason worth showing in the crawl record. */
  public static final class FetchException extends RuntimeException {
    public FetchException(String message) {
      super(message, null, false, false);
    }
  }

  private record CachedRobots(Robots robots, long expiresNanos) {
  }

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Map<String, Long> nextSlot = new HashMap<>();
  private final Map<String, CachedRobots> robots = new HashMap<>();

  public ForumFetcher(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(4));
  }

  /** Fetches {@code url}; a status other than 2xx is a {@link FetchException}. */
  public Future<Response> get(String url, ForumOptions o) {
    return follow(url, o, 0, 0);
  }

  private Future<Response> follow(String url, ForumOptions o, int hops, long waited) {
    URI u = URI.create(url);
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT);
    if (!o.allowedHosts().contains(host)) {
      return Future.failedFuture(new FetchException("refused: " + url + " is not on a configured host"));
    }
    return robots(u, o)
        .compose(r -> r.allows(pathAndQuery(u)) ? Future.succeededFuture()
            : Future.failedFuture(new FetchException("robots.txt disallows " + url)))
        .compose(v -> once(url, o))
        .compose(resp -> {
          long total = waited + resp.waitedNanos();
          if (resp.status() >= 300 && resp.status() < 400 && resp.location() != null) {
            if (hops >= MAX_REDIRECTS) return Future.failedFuture(new FetchException("too many redirects from " + url));
            String target = u.resolve(resp.location().strip()).toString();
            return follow(target, o, hops + 1, total);
          }
          if (resp.status() < 200 || resp.status() >= 300) {
            return Future.failedFuture(new FetchException("HTTP " + resp.status() + " from " + url));
          }
          return Future.succeededFuture(new Response(url, resp.status(), resp.contentType(), resp.body(), total));
        });
  }

  private Future<Robots> robots(URI u, ForumOptions o) {
    String origin = u.getScheme() + "://" + u.getRawAuthority();
    String key = origin + " " + o.userAgent();
    CachedRobots c = robots.get(key);
    if (c != null && c.expiresNanos() - System.nanoTime() > 0) return Future.succeededFuture(c.robots());
    return once(origin + "/robots.txt", o).compose(resp -> {
      Robots r;
      if (resp.status() >= 200 && resp.status() < 300) {
        r = Robots.parse(Charsets.decode(resp.body(), Charsets.detect(resp.body(), resp.contentType())), o.userAgent());
      } else if (resp.status() >= 300 && resp.status() < 500) {
        r = Robots.ALLOW_ALL; // no robots.txt (RFC 9309: unavailable means no rules)
      } else {
        return Future.failedFuture(new FetchException("robots.txt of " + origin + " answered HTTP " + resp.status()));
      }
      robots.put(key, new CachedRobots(r, System.nanoTime() + ROBOTS_TTL.toNanos()));
      return Future.succeededFuture(r);
    });
  }

  private record Raw(int status, String contentType, String location, byte[] body, long waitedNanos) {
  }

  private Future<Raw> once(String url, ForumOptions o) {
    String host = URI.create(url).getHost();
    return throttle(host, o.ratePerSecond()).compose(waited -> exchange(url, o, waited));
  }

  private Future<Raw> exchange(String url, ForumOptions o, long waited) {
    long timeoutMs = Math.max(1, o.timeout().toMillis());
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(false)
        .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
        .putHeader("User-Agent", o.userAgent())
        .putHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,*/*;q=0.8");
    Promise<Raw> result = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> result.tryFail(new FetchException("timeout after " + timeoutMs + " ms: " + url)));
    client.request(ro).compose(req -> {
      result.future().onFailure(e -> req.reset());
      return req.send();
    }).onSuccess(resp -> read(resp, url, o.maxResponseSize(), waited, result)).onFailure(e -> result.tryFail(
        e instanceof FetchException ? e : new FetchException(e.getClass().getSimpleName() + " " + url + ": " + e.getMessage())));
    return result.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private static void read(HttpClientResponse resp, String url, long max, long waited, Promise<Raw> result) {
    String length = resp.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > max) {
      result.tryFail(new FetchException("response of " + length + " bytes exceeds max_response_size " + max + ": " + url));
      return;
    }
    Buffer body = Buffer.buffer();
    resp.handler(chunk -> {
      if (body.length() + chunk.length() > max) {
        result.tryFail(new FetchException("response exceeds max_response_size " + max + ": " + url));
      } else {
        body.appendBuffer(chunk);
      }
    });
    resp.exceptionHandler(e -> result.tryFail(new FetchException("reading " + url + ": " + e.getMessage())));
    resp.endHandler(v -> result.tryComplete(new Raw(resp.statusCode(), resp.getHeader("Content-Type"),
        resp.getHeader("Location"), body.getBytes(), waited)));
  }

  /**
   * Holds a request until the host's next slot; completes with the nanoseconds waited. The slot
   * after it counts from the actual release, so a late start never shortens the next gap.
   */
  private Future<Long> throttle(String host, double ratePerSecond) {
    if (ratePerSecond <= 0) return Future.succeededFuture(0L);
    long now = System.nanoTime();
    long interval = (long) (TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
    long slot = Math.max(now, nextSlot.getOrDefault(host, now));
    nextSlot.put(host, slot + interval);
    long delayMs = TimeUnit.NANOSECONDS.toMillis(slot - now + 999_999);
    Future<Void> released = delayMs < 1 ? Future.succeededFuture() : vertx.timer(delayMs);
    return released.map(v -> {
      long at = System.nanoTime();
      nextSlot.merge(host, at + interval, Math::max);
      return at - now;
    });
  }

  private static String pathAndQuery(URI u) {
    String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
  }

  public Future<Void> close() {
    return client.close();
  }
}
