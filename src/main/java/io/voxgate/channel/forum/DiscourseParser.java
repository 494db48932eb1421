package io.voxgate.channel.forum;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;

/**
 * Reads Discourse's JSON API: a topic list ({@code /latest.json}: title, link {@code /t/slug/id},
 * original poster from {@code posters[0]} and {@code users}, {@code created_at}, excerpt, next page
 * from {@code more_topics_url}) or a topic ({@code /t/id.json}: each post with its author, time,
 * cooked HTML as text and link {@code /t/slug/id/n}). Links are resolved against the page URL; the
 * next page is asked for as JSON. Pure; malformed JSON is reported, not thrown.
 */
public final class DiscourseParser {
  private DiscourseParser() {
  }

  public static ForumPageParser.Page parse(byte[] body, String pageUrl) {
    JsonObject doc;
    try {
      doc = new JsonObject(new String(body, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      return new ForumPageParser.Page(List.of(), null, "UTF-8", null, 0, "not Discourse JSON: " + e.getMessage());
    }
    URI base = URI.create(pageUrl);
    if (doc.getJsonObject("post_stream") != null) return topic(doc, base);
    JsonObject list = doc.getJsonObject("topic_list");
    if (list == null) return new ForumPageParser.Page(List.of(), null, "UTF-8", null, 0, "no topic_list or post_stream");
    Map<Long, String> users = new HashMap<>();
    for (Object o : doc.getJsonArray("users", new JsonArray())) {
      if (o instanceof JsonObject u && u.getValue("id") instanceof Number n) users.put(n.longValue(), u.getString("username"));
    }
    List<ForumPost> posts = new ArrayList<>();
    int skipped = 0;
    for (Object o : list.getJsonArray("topics", new JsonArray())) {
      if (!(o instanceof JsonObject t) || t.getValue("id") == null || t.getString("slug") == null) {
        skipped++;
        continue;
      }
      String author = null;
      JsonArray posters = t.getJsonArray("posters");
      if (posters != null && !posters.isEmpty() && posters.getValue(0) instanceof JsonObject p
          && p.getValue("user_id") instanceof Number id) {
        author = users.get(id.longValue());
      }
      if (author == null) author = t.getString("last_poster_username");
      posts.add(new ForumPost(base.resolve("/t/" + t.getString("slug") + "/" + t.getValue("id")).toString(),
          t.getString("title"), text(t.getString("excerpt")), author, t.getString("created_at")));
    }
    String more = list.getString("more_topics_url");
    return new ForumPageParser.Page(posts, more == null ? null : base.resolve(asJson(more)).toString(), "UTF-8", null,
        skipped, null);
  }

  private static ForumPageParser.Page topic(JsonObject doc, URI base) {
    List<ForumPost> posts = new ArrayList<>();
    String title = doc.getString("title");
    for (Object o : doc.getJsonObject("post_stream").getJsonArray("posts", new JsonArray())) {
      if (!(o instanceof JsonObject p)) continue;
      String slug = p.getString("topic_slug", doc.getString("slug"));
      Object topicId = p.getValue("topic_id", doc.getValue("id"));
      posts.add(new ForumPost(base.resolve("/t/" + slug + "/" + topicId + "/" + p.getValue("post_number")).toString(),
          title, text(p.getString("cooked")), p.getString("username"), p.getString("created_at")));
    }
    return new ForumPageParser.Page(posts, null, "UTF-8", title, 0, null);
  }

  /** {@code /latest?page=1} → {@code /latest.json?page=1}. */
  static String asJson(String link) {
    int q = link.indexOf('?');
    String path = q < 0 ? link : link.substring(0, q);
    if (path.endsWith(".json")) return link;
    return path + ".json" + (q < 0 ? "" : link.substring(q));
  }

  private static String text(String html) {
    return html == null ? "" : Jsoup.parse(html).text();
  }
}
