package io.voxgate.channel.forum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a post is a potential complaint: any keyword in its title or body, and no
 * exclude word. Case-insensitive substring matching (Chinese has no word boundaries); full-width
 * Latin letters and digits count as their ASCII forms. Pure.
 */
public final class PostMatcher {
  private final List<String> keywords;
  private final List<String> exclude;

  public PostMatcher(List<String> keywords, List<String> exclude) {
    this.keywords = keywords.stream().map(PostMatcher::fold).filter(k -> !k.isEmpty()).distinct().toList();
    this.exclude = exclude.stream().map(PostMatcher::fold).filter(k -> !k.isEmpty()).toList();
  }

  /** The keywords found, in lexicon order; empty when none or an exclude word is present. */
  public List<String> match(ForumPost post) {
    String text = fold(post.title() + "\n" + post.body());
    for (String x : exclude) if (text.contains(x)) return List.of();
    List<String> found = new ArrayList<>();
    for (String k : keywords) if (text.contains(k)) found.add(k);
    return found;
  }

  static String fold(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '\uFF01' && c <= '\uFF5E') c = (char) (c - 0xFEE0); // full-width forms
      b.append(c);
    }
    return b.toString().toLowerCase(Locale.ROOT).strip();
  }
}
