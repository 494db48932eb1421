package io.voxgate.channel.forum;

/**
 * One post (or topic) as found in a page or feed, before matching.
 *
 * @param url      absolute link to the post, as the page gives it (see {@link CanonicalUrl})
 * @param timeText the time as shown, read by {@link ForumTimes}
 */
public record ForumPost(String url, String title, String body, String author, String timeText) {
  public ForumPost {
    title = title == null ? "" : title;
    body = body == null ? "" : body;
  }

  public ForumPost withBody(String newBody) {
    return new ForumPost(url, title, newBody, author, timeText);
  }
}
