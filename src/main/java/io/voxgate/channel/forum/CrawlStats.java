package io.voxgate.channel.forum;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one crawl did. Mutable, owned by the crawl's event loop. {@code pageErrors} counts list
 * pages and feeds that could not be read (the crawl failed); other errors (a post page) do not
 * fail it.
 */
public final class CrawlStats {
  static final int MAX_MESSAGES = 20;
  int pages;
  int posts;
  int tickets;
  int edited;
  int errors;
  int pageErrors;
  final List<String> messages = new ArrayList<>();
  Instant newestAt;
  String newestUrl;
  long parseNanos;
  long waitNanos;
  long fetchNanos;

  void error(String message, boolean page) {
    errors++;
    if (page) pageErrors++;
    if (messages.size() < MAX_MESSAGES) messages.add(message);
  }

  void seen(Instant postedAt, String url) {
    if (postedAt != null && (newestAt == null || postedAt.isAfter(newestAt))) {
      newestAt = postedAt;
      newestUrl = url;
    }
  }

  public int pages() { return pages; }
  public int posts() { return posts; }
  public int tickets() { return tickets; }
  public int edited() { return edited; }
  public int errors() { return errors; }
  public boolean failed() { return pageErrors > 0; }
  public List<String> messages() { return List.copyOf(messages); }
  public long parseNanos() { return parseNanos; }
  public long waitNanos() { return waitNanos; }
  public long fetchNanos() { return fetchNanos; }
}
