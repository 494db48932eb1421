package io.voxgate.channel.phone;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import io.voxgate.config.PhoneOptions.Recordings;
import io.voxgate.ticket.Attachment;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Downloads one call recording: only from an allowed host (redirects too, at most
 * {@value #MAX_REDIRECTS}), at most {@code max_size} bytes, within {@code timeout}. Fails with
 * {@link Refused} when retrying cannot help (host not allowed, too large, 4xx). Never blocks.
 */
public final class RecordingFetcher {
  static final int MAX_REDIRECTS = 3;
  private final WebClient client;

  /** A failure that a retry would only repeat. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  public RecordingFetcher(WebClient client) {
    this.client = client;
  }

  public Future<Attachment> fetch(String url, Recordings limits) {
    return get(url, limits, 0).timeout(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Future<Attachment> get(String url, Recordings limits, int hops) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new Refused("not a URL: " + url));
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || !limits.allows(uri.getHost())) {
      return Future.failedFuture(new Refused("host " + uri.getHost() + " is not in recordings.allowed_hosts"));
    }
    Limited sink = new Limited(limits.maxSize());
    long ms = limits.timeout().toMillis();
    return client.getAbs(url).followRedirects(false).timeout(ms).connectTimeout(ms).as(BodyCodec.pipe(sink))
        .send()
        .recover(err -> Future.failedFuture(sink.tooLarge ? new Refused("recording larger than recordings.max_size ("
            + limits.maxSize() + " bytes)") : err))
        .compose(resp -> {
          int status = resp.statusCode();
          if (status >= 300 && status < 400 && resp.getHeader("Location") != null) {
            if (hops >= MAX_REDIRECTS) return Future.failedFuture(new Refused("too many redirects"));
            return get(uri.resolve(resp.getHeader("Location")).toString(), limits, hops + 1);
          }
          if (status >= 400 && status < 500 && status != 404 && status != 408 && status != 429) {
            return Future.failedFuture(new Refused("HTTP " + status));
          }
          if (status != 200) return Future.failedFuture(new IllegalStateException("HTTP " + status));
          String type = resp.getHeader("Content-Type");
          String media = type == null ? "application/octet-stream" : type.split(";")[0].trim().toLowerCase();
          return Future.succeededFuture(Attachment.of(filename(uri, media), media, sink.bytes.getBytes()));
        });
  }

  static String filename(URI uri, String media) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (last.isBlank()) last = "recording";
    if (!last.contains(".")) {
      last += switch (media) {
        case "audio/mpeg", "audio/mp3" -> ".mp3";
        case "audio/wav", "audio/x-wav", "audio/wave" -> ".wav";
        case "audio/ogg" -> ".ogg";
        default -> "";
      };
    }
    return last;
  }

  /** Collects the body and refuses to grow beyond the limit. */
  private static final class Limited implements WriteStream<Buffer> {
    private final long max;
    private final Buffer bytes = Buffer.buffer();
    private boolean tooLarge;

    Limited(long max) {
      this.max = max;
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (bytes.length() + (long) data.length() > max) {
        tooLarge = true;
        return Future.failedFuture(new Refused("recording larger than " + max + " bytes"));
      }
      bytes.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
