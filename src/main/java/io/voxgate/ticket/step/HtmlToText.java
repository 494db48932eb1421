package io.voxgate.ticket.step;

import io.voxgate.ticket.TicketEvent;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** Fills an empty plain body from the HTML body, keeping paragraphs and line breaks; the HTML stays. */
public final class HtmlToText implements Step {
  @Override
  public TicketEvent apply(TicketEvent e) {
    if (!e.body().isBlank() || e.bodyHtml() == null || e.bodyHtml().isBlank()) return e;
    return e.toBuilder().body(toText(e.bodyHtml())).build();
  }

  public static String toText(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, head").remove();
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode t) {
          out.append(t.text());
        } else if (node instanceof Element el && (el.nameIs("br") || el.isBlock()) && out.length() > 0) {
          newline(out);
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element el && el.isBlock()) newline(out);
      }
    }, doc.body());
    return out.toString().replaceAll("[ \\t\\x0B\\f\\r]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
  }

  private static void newline(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
  }
}
