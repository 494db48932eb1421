package io.voxgate.channel.forum;

import io.voxgate.config.ForumOptions.Selectors;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

/**
 * Turns a forum list page into posts with jsoup CSS selectors. A selector {@code sel@attr} reads
 * attribute {@code attr} of the first match, otherwise its whitespace-collapsed text; {@code link}
 * without {@code @} reads the match's {@code href}. Field selectors are relative to each item;
 * links are resolved against the page URL (or its {@code <base>}). An item without a link (a post
 * in a thread view) is the page URL plus {@code #} its element id; items with neither are
 * skipped and counted. Pure; an invalid selector is reported, not thrown.
 */
public final class ForumPageParser {
  private static final Pattern ATTR = Pattern.compile("^(.*\\S)\\s*@([A-Za-z_:][-\\w:.]*)$");

  /** @param skipped items without a link; {@code error} non-null when a selector is invalid */
  public record Page(List<ForumPost> posts, String next, String charset, String title, int skipped, String error) {
  }

  private ForumPageParser() {
  }

  public static Page parse(byte[] body, String contentType, String pageUrl, Selectors sel) {
    Charset cs = Charsets.detect(body, contentType);
    Document doc = Jsoup.parse(Charsets.decode(body, cs), pageUrl);
    try {
      List<ForumPost> posts = new ArrayList<>();
      int skipped = 0;
      for (Element item : doc.select(sel.item())) {
        String link = sel.link() == null ? null : link(item, sel.link());
        if ((link == null || link.isBlank()) && !item.id().isBlank()) link = withoutFragment(pageUrl) + "#" + item.id();
        if (link == null || link.isBlank()) {
          skipped++;
          continue;
        }
        posts.add(new ForumPost(link, value(item, sel.title()), value(item, sel.body()), value(item, sel.author()),
            value(item, sel.time())));
      }
      String next = sel.next() == null ? null : link(doc, sel.next());
      return new Page(posts, next == null || next.isBlank() ? null : next, cs.name(), doc.title(), skipped, null);
    } catch (Selector.SelectorParseException e) {
      return new Page(List.of(), null, cs.name(), doc.title(), 0, "invalid selector: " + e.getMessage());
    }
  }

  /** The text of {@code selector} in a post's own page, for the full body. */
  public static String body(byte[] body, String contentType, String pageUrl, String selector) {
    Document doc = Jsoup.parse(Charsets.decode(body, Charsets.detect(body, contentType)), pageUrl);
    return value(doc, selector);
  }

  static String value(Element scope, String selector) {
    if (selector == null) return null;
    Matcher m = ATTR.matcher(selector);
    if (m.matches()) {
      Element e = scope.selectFirst(m.group(1));
      if (e == null) return null;
      String attr = m.group(2);
      return isUrlAttr(attr) ? e.absUrl(attr) : e.attr(attr);
    }
    Elements found = scope.select(selector);
    return found.isEmpty() ? null : found.first().text();
  }

  private static String link(Element scope, String selector) {
    if (ATTR.matcher(selector).matches()) return value(scope, selector);
    Element e = scope.selectFirst(selector);
    if (e == null) return null;
    return e.hasAttr("href") ? e.absUrl("href") : e.text();
  }

  private static String withoutFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  private static boolean isUrlAttr(String attr) {
    return attr.equals("href") || attr.equals("src") || attr.equals("action") || attr.startsWith("data-href");
  }
}
