package io.voxgate.channel.forum;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Reads RSS 2.0 ({@code channel > item}) and Atom ({@code feed > entry}) feeds into posts: title,
 * link (Atom: the {@code alternate} link, else the first), author ({@code author},
 * {@code dc:creator}, Atom {@code author > name}), time ({@code pubDate}, {@code dc:date},
 * {@code published}, {@code updated}) and the description or content as plain text. Relative
 * links are resolved against the feed URL. Pure.
 */
public final class FeedParser {
  /** @param format {@code rss}, {@code atom} or {@code unknown} */
  public record Feed(String format, String title, List<ForumPost> posts) {
  }

  private FeedParser() {
  }

  public static Feed parse(byte[] body, String contentType, String feedUrl) {
    String xml = Charsets.decode(body, Charsets.detect(body, contentType));
    Document doc = Jsoup.parse(xml, feedUrl, Parser.xmlParser());
    List<ForumPost> posts = new ArrayList<>();
    if (!doc.select("feed > entry").isEmpty() || doc.selectFirst("feed") != null) {
      for (Element e : doc.select("feed > entry")) {
        posts.add(new ForumPost(resolve(feedUrl, atomLink(e)), text(e, "title"), html(e, "content", "summary"),
            text(e, "author > name"), first(text(e, "published"), text(e, "updated"))));
      }
      return new Feed("atom", text(doc, "feed > title"), posts);
    }
    for (Element e : doc.select("channel > item, rdf|RDF > item")) {
      String link = first(text(e, "link"), text(e, "guid"));
      posts.add(new ForumPost(resolve(feedUrl, link), text(e, "title"), html(e, "content|encoded", "description"),
          first(text(e, "author"), text(e, "dc|creator")), first(text(e, "pubDate"), text(e, "dc|date"))));
    }
    return new Feed(posts.isEmpty() && doc.selectFirst("channel") == null ? "unknown" : "rss",
        text(doc, "channel > title"), posts);
  }

  private static String atomLink(Element entry) {
    Element alt = entry.selectFirst("link[rel=alternate]");
    if (alt == null) alt = entry.selectFirst("link:not([rel])");
    if (alt == null) alt = entry.selectFirst("link");
    return alt == null ? null : alt.attr("href");
  }

  private static String text(Element scope, String selector) {
    Element e = scope.selectFirst(selector);
    if (e == null) return null;
    String t = e.text().strip();
    return t.isEmpty() ? null : t;
  }

  /** Descriptions carry escaped HTML; the post body is its text. */
  private static String html(Element scope, String... selectors) {
    for (String s : selectors) {
      Element e = scope.selectFirst(s);
      if (e != null) {
        String t = Jsoup.parse(e.text()).text().strip();
        if (!t.isEmpty()) return t;
      }
    }
    return "";
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String resolve(String base, String link) {
    if (link == null || link.isBlank()) return null;
    try {
      return java.net.URI.create(base).resolve(link.strip()).toString();
    } catch (IllegalArgumentException e) {
      return link.strip();
    }
  }
}
