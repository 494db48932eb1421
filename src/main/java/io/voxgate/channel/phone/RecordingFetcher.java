package io.voxgate.channel.phone;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import io.voxgate.config.PhoneOptions.Auth;
import io.voxgate.config.PhoneOptions.Recordings;
import io.voxgate.config.Redact;
import io.voxgate.ticket.Attachment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one call recording: only from an allowed host (redirects too, at most
 * {@value #MAX_REDIRECTS}), at most {@code max_size} bytes, within {@code timeout}. Credentials
 * ({@code recordings.auth}, or Twilio's Account SID and auth token) go only to the origin
 * (scheme, host, port) of the recording URL itself, never to a redirect target elsewhere, and
 * never into an error text. Fails with {@link Refused} when retrying cannot help (host not
 * allowed, too large, 4xx, credentials refused). Never blocks.
 */
public final class RecordingFetcher {
  static final int MAX_REDIRECTS = 3;
  private static final Pattern TWILIO_ACCOUNT = Pattern.compile("/Accounts/(AC[0-9a-fA-F]{32})/");
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
    URI first;
    try {
      first = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new Refused("not a URL: " + Redact.url(url)));
    }
    Optional<String> credentials = authorization(limits.auth(), first);
    return get(first, new Origin(first, credentials, limits), 0, true)
        .timeout(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The {@code Authorization} header for the recording URL, if the source has credentials for it. */
  static Optional<String> authorization(Auth auth, URI url) {
    if (auth instanceof Auth.Bearer b) return Optional.of("Bearer " + b.token());
    if (auth instanceof Auth.Basic b) return Optional.of(basic(b.user(), b.password()));
    if (auth instanceof Auth.TwilioAccount t) {
      Matcher m = TWILIO_ACCOUNT.matcher(url.getRawPath() == null ? "" : url.getRawPath());
      if (m.find()) return Optional.of(basic(m.group(1), t.authToken()));
    }
    return Optional.empty();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code home}: every request so far went to the recording URL's own origin. */
  private Future<Attachment> get(URI uri, Origin origin, int hops, boolean home) {
    Recordings limits = origin.limits;
    if (!limits.allowsUrl(uri)) {
      return Future.failedFuture(new Refused("host " + uri.getHost() + " is not in recordings.allowed_hosts"));
    }
    // once a redirect has left the recording URL's origin, nothing further gets the credentials
    boolean stillHome = home && origin.is(uri);
    boolean withCredentials = stillHome && origin.credentials.isPresent();
    Limited sink = new Limited(limits.maxSize());
    long ms = limits.timeout().toMillis();
    HttpRequest<Void> request = client.getAbs(uri.toString()).followRedirects(false).timeout(ms).connectTimeout(ms)
        .as(BodyCodec.pipe(sink));
    if (withCredentials) request.putHeader("Authorization", origin.credentials.get());
    return request.send()
        .recover(err -> Future.failedFuture(sink.tooLarge ? new Refused("recording larger than recordings.max_size ("
            + limits.maxSize() + " bytes)") : err))
        .compose(resp -> {
          int status = resp.statusCode();
          if (status >= 300 && status < 400 && resp.getHeader("Location") != null) {
            if (hops >= MAX_REDIRECTS) return Future.failedFuture(new Refused("too many redirects"));
            URI next;
            try {
              next = uri.resolve(resp.getHeader("Location"));
            } catch (IllegalArgumentException e) {
              return Future.failedFuture(new Refused("HTTP " + status + " to an invalid Location"));
            }
            return get(next, origin, hops + 1, stillHome);
          }
          if (status == 401 || status == 403) return Future.failedFuture(new Refused(denied(status, uri, withCredentials, origin)));
          if (status >= 400 && status < 500 && status != 404 && status != 408 && status != 429) {
            return Future.failedFuture(new Refused("HTTP " + status));
          }
          if (status != 200) return Future.failedFuture(new IllegalStateException("HTTP " + status));
          String type = resp.getHeader("Content-Type");
          String media = type == null ? "application/octet-stream" : type.split(";")[0].trim().toLowerCase();
          return Future.succeededFuture(Attachment.of(filename(uri, media), media, sink.bytes.getBytes()));
        });
  }

  /** Why a 401/403 ends the fetch, naming where the credentials come from but never their values. */
  private static String denied(int status, URI uri, boolean sent, Origin origin) {
    if (sent) {
      return "HTTP " + status + ": credentials refused by the recording server ("
          + (origin.limits.auth() instanceof Auth.TwilioAccount
              ? "the Account SID in the URL and the source's secret, the auth token" : "recordings.auth") + ")";
    }
    if (origin.credentials.isPresent()) {
      return "HTTP " + status + " from " + uri.getHost() + ": credentials are only sent to the recording URL's own origin";
    }
    return "HTTP " + status + ": the recording server wants credentials, none are configured for it ("
        + (origin.limits.auth() instanceof Auth.TwilioAccount ? "no Twilio Account SID in the URL; " : "")
        + "recordings.auth)";
  }

  /** The first request's scheme, host and port, and what may be sent there. */
  private record Origin(String scheme, String host, int port, Optional<String> credentials, Recordings limits) {
    Origin(URI first, Optional<String> credentials, Recordings limits) {
      this(String.valueOf(first.getScheme()), String.valueOf(first.getHost()), port(first), credentials, limits);
    }

    boolean is(URI uri) {
      return scheme.equalsIgnoreCase(uri.getScheme()) && host.equalsIgnoreCase(uri.getHost()) && port == port(uri);
    }

    @Override
    public String toString() {
      return scheme + "://" + host + ":" + port;
    }

    static int port(URI u) {
      if (u.getPort() >= 0) return u.getPort();
      return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
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
