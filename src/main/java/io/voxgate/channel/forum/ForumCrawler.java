package io.voxgate.channel.forum;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voxgate.config.ForumOptions;
import io.voxgate.config.SourceConfig;
import io.voxgate.ticket.AckPlan;
import io.voxgate.ticket.Channel;
import io.voxgate.ticket.ClockStart;
import io.voxgate.ticket.Customer;
import io.voxgate.ticket.Hashes;
import io.voxgate.ticket.Intake;
import io.voxgate.ticket.Kind;
import io.voxgate.ticket.RawInput;
import io.voxgate.ticket.TicketEvent;
import io.voxgate.ticket.TimelineEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One crawl of one forum: each start URL page by page (up to {@code max_pages}, stopping at a
 * page that holds only posts already seen, unless the previous crawl failed and left pages
 * unread), then the feed. Each new post matching the keywords
 * becomes a {@code potential} ticket; a seen post whose content changed adds a
 * {@code post_edited} timeline entry to its ticket (or becomes a ticket if it now matches).
 * Parsing runs on a worker thread; everything else on the caller's event loop.
 *
 * <p>Reply deadline: a {@code forum_reply} clock due at {@value #REPLY_HOUR}:00 (source zone) of
 * the day the post is found, or of the next day when fewer than {@value #MIN_HOURS_LEFT} hours remain.
 */
public final class ForumCrawler {
  static final int REPLY_HOUR = 18;
  static final int MIN_HOURS_LEFT = 2;
  private static final int MAX_BODY_CHARS = 100_000;
  private static final java.util.regex.Pattern AUTHOR_LABEL = java.util.regex.Pattern.compile(
      "^(?:作者|楼主|发帖人|发表者|发布者|posted by|by|par|von|投稿者)\\s*[:：»]?\\s*", java.util.regex.Pattern.CASE_INSENSITIVE);

  private final Vertx vertx;
  private final ForumFetcher fetcher;
  private final ForumStore store;
  private final Intake intake;
  private final Clock clock;
  private final ForumMeters meters;

  public ForumCrawler(Vertx vertx, ForumFetcher fetcher, ForumStore store, Intake intake, Clock clock, ForumMeters meters) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.store = store;
    this.intake = intake;
    this.clock = clock;
    this.meters = meters;
  }

  public Future<CrawlStats> crawl(SourceConfig source) {
    // after a failed crawl the posts behind the failing page are unseen: read past known pages this time
    return store.lastCrawlFailed(source.id()).compose(catchUp -> {
      CrawlStats stats = new CrawlStats();
      PostMatcher matcher = new PostMatcher(source.forum().keywords(), source.forum().exclude());
      Future<Void> chain = Future.succeededFuture();
      for (String url : source.forum().startUrls()) {
        chain = chain.compose(v -> pages(source, matcher, url, 1, new Walk(new HashSet<>(), catchUp), stats));
      }
      if (source.forum().feed().isPresent()) chain = chain.compose(v -> feed(source, matcher, stats));
      return chain.map(stats);
    });
  }

  /** Pages visited from one start URL; {@code catchUp}: do not stop at a page of known posts. */
  private record Walk(Set<String> visited, boolean catchUp) {
  }

  private Future<Void> pages(SourceConfig s, PostMatcher matcher, String url, int n, Walk walk, CrawlStats st) {
    ForumOptions o = s.forum();
    if (n > o.maxPages() || !walk.visited().add(CanonicalUrl.of(url))) return Future.succeededFuture();
    return fetch(s, url, st)
        .compose(resp -> parse(st, () -> o.format().equals("discourse") ? DiscourseParser.parse(resp.body(), resp.url())
            : ForumPageParser.parse(resp.body(), resp.contentType(), resp.url(), o.selectors())))
        .compose(page -> {
          if (page.error() != null) return Future.failedFuture(new ForumFetcher.FetchException(page.error()));
          return posts(s, matcher, page.posts(), st).compose(allKnown ->
              (allKnown && !walk.catchUp()) || page.next() == null ? Future.<Void>succeededFuture()
                  : pages(s, matcher, page.next(), n + 1, walk, st));
        })
        .recover(err -> pageError(s, url, err, st));
  }

  private Future<Void> feed(SourceConfig s, PostMatcher matcher, CrawlStats st) {
    String url = s.forum().feed().orElseThrow();
    return fetch(s, url, st)
        .compose(resp -> parse(st, () -> FeedParser.parse(resp.body(), resp.contentType(), resp.url())))
        .compose(feed -> "unknown".equals(feed.format())
            ? Future.failedFuture(new ForumFetcher.FetchException("not an RSS or Atom feed"))
            : posts(s, matcher, feed.posts().stream().filter(p -> p.url() != null).toList(), st))
        .<Void>mapEmpty()
        .recover(err -> pageError(s, url, err, st));
  }

  private Future<ForumFetcher.Response> fetch(SourceConfig s, String url, CrawlStats st) {
    long started = System.nanoTime();
    return fetcher.get(url, s.forum()).onSuccess(resp -> {
      st.pages++;
      st.waitNanos += resp.waitedNanos();
      st.fetchNanos += System.nanoTime() - started - resp.waitedNanos();
      meters.page(s.id());
    });
  }

  private <T> Future<T> parse(CrawlStats st, java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(() -> {
      long t0 = System.nanoTime();
      T out = work.call();
      synchronized (st) {
        st.parseNanos += System.nanoTime() - t0;
      }
      return out;
    }, false);
  }

  private Future<Void> pageError(SourceConfig s, String url, Throwable err, CrawlStats st) {
    st.error(url + ": " + err.getMessage(), true);
    meters.error(s.id());
    return Future.succeededFuture();
  }

  /** Handles a page's posts; completes with whether every one of them was already known. */
  private Future<Boolean> posts(SourceConfig s, PostMatcher matcher, List<ForumPost> posts, CrawlStats st) {
    List<String> urls = posts.stream().map(p -> CanonicalUrl.of(p.url())).distinct().toList();
    return store.known(s.id(), urls).compose(known -> {
      // a page's posts concurrently: their tickets share commits (TicketStore groups them)
      List<Future<Void>> all = new ArrayList<>();
      Set<String> done = new HashSet<>();
      List<ForumStore.Seen> seen = new ArrayList<>();
      for (ForumPost p : posts) {
        String url = CanonicalUrl.of(p.url());
        if (done.add(url)) all.add(post(s, matcher, p, url, known.get(url), st, seen));
      }
      return Future.join(all).compose(v -> store.savePosts(s.id(), seen, clock.instant()))
          .map(v -> !posts.isEmpty() && known.keySet().containsAll(urls));
    });
  }

  /** Handles one post; what is to be remembered of it is added to {@code seen}. */
  private Future<Void> post(SourceConfig s, PostMatcher matcher, ForumPost p, String url, ForumStore.Known known,
                            CrawlStats st, List<ForumStore.Seen> seen) {
    st.posts++;
    meters.post(s.id());
    Instant now = clock.instant();
    Instant postedAt = ForumTimes.parse(p.timeText(), s.forum().zone(), clock).filter(t -> !t.isAfter(now)).orElse(null);
    st.seen(postedAt, url);
    String hash = Hashes.sha256Hex(p.title() + "\n" + p.body());
    if (known != null && known.hash().equals(hash)) return Future.succeededFuture();
    return fullBody(s, p, st).compose(full -> {
      List<String> matched = matcher.match(full);
      if (known != null && known.ticketId() != null) {
        st.edited++;
        return intake.revisions().addTimeline(known.ticketId(), List.of(edited(s, full, url, matched, now)))
            .onSuccess(v -> seen.add(new ForumStore.Seen(url, hash, matched, null, postedAt)));
      }
      if (matched.isEmpty()) {
        seen.add(new ForumStore.Seen(url, hash, matched, null, postedAt));
        return Future.<Void>succeededFuture();
      }
      return intake.submit(event(s, full, url, postedAt, matched, now)).<Void>map(a -> {
        if (a.created()) {
          st.tickets++;
          meters.ticket(s.id());
        }
        seen.add(new ForumStore.Seen(url, hash, matched, a.id(), postedAt));
        return null;
      });
    }).recover(err -> {
      st.error(url + ": " + err.getMessage(), false);
      meters.error(s.id());
      return Future.succeededFuture();
    });
  }

  private Future<ForumPost> fullBody(SourceConfig s, ForumPost p, CrawlStats st) {
    String selector = s.forum().postBody();
    if (selector == null) return Future.succeededFuture(p);
    return fetch(s, p.url(), st)
        .compose(resp -> parse(st, () -> ForumPageParser.body(resp.body(), resp.contentType(), resp.url(), selector)))
        .map(body -> body == null || body.isBlank() ? p : p.withBody(body))
        .recover(err -> {
          st.error(p.url() + ": post page: " + err.getMessage(), false);
          meters.error(s.id());
          return Future.succeededFuture(p);
        });
  }

  private TicketEvent event(SourceConfig s, ForumPost p, String url, Instant postedAt, List<String> matched, Instant now) {
    String body = p.body().length() > MAX_BODY_CHARS ? p.body().substring(0, MAX_BODY_CHARS) : p.body();
    TicketEvent.Builder b = TicketEvent.builder(Channel.FORUM, s.id(), url, postedAt != null ? postedAt : now)
        .kind(Kind.POTENTIAL)
        .customer(new Customer(authorName(p.author()), null, null, null))
        .subject(p.title())
        .body(body.isBlank() ? p.title() : body)
        .raw(new RawInput("application/json", raw(p, url, matched).encode().getBytes(StandardCharsets.UTF_8)))
        .ack(AckPlan.suppressed("forum_post"))
        .clock(new ClockStart("forum_reply", replyDue(now, s.forum())));
    if (postedAt == null) b.flag("post_time_unknown");
    matched.forEach(k -> b.matched("forum:keyword:" + k));
    return b.build();
  }

  private static JsonObject raw(ForumPost p, String url, List<String> matched) {
    return new JsonObject().put("url", p.url()).put("canonical_url", url).put("title", p.title())
        .put("author", p.author()).put("time", p.timeText()).put("body", p.body())
        .put("matched_keywords", new JsonArray(matched));
  }

  private static TimelineEntry edited(SourceConfig s, ForumPost p, String url, List<String> matched, Instant now) {
    return new TimelineEntry(now, "post_edited", "forum:" + s.id(), raw(p, url, matched));
  }

  /** The poster's name without a label the page put in the same element ({@code 作者：admin}). */
  static String authorName(String raw) {
    if (raw == null) return null;
    String s = AUTHOR_LABEL.matcher(raw.strip()).replaceFirst("").strip();
    return s.isEmpty() ? null : s;
  }

  static Instant replyDue(Instant found, ForumOptions o) {
    ZonedDateTime at = found.atZone(o.zone());
    ZonedDateTime due = at.toLocalDate().atTime(LocalTime.of(REPLY_HOUR, 0)).atZone(o.zone());
    if (at.plusHours(MIN_HOURS_LEFT).isAfter(due)) due = due.plusDays(1);
    return due.toInstant();
  }
}
