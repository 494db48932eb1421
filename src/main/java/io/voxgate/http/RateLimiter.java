package io.voxgate.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window request limit per key (client IP), shared by all HTTP verticle instances.
 * {@link #tryAcquire} answers 0 when allowed, else the seconds until the window ends.
 */
public final class RateLimiter {
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    long start;
    int count;
  }

  public RateLimiter(int limit, Duration window, Clock clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  public long tryAcquire(String key) {
    long now = clock.millis();
    if (windows.size() > 100_000) windows.values().removeIf(w -> now - w.start >= windowMillis);
    Window w = windows.computeIfAbsent(key, k -> new Window());
    synchronized (w) {
      if (now - w.start >= windowMillis) {
        w.start = now;
        w.count = 0;
      }
      if (w.count < limit) {
        w.count++;
        return 0;
      }
      return Math.max(1, (w.start + windowMillis - now + 999) / 1000);
    }
  }
}
