package io.voxgate.channel.forum;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identity of a post: its absolute URL with scheme and host lower-cased, the default port,
 * the fragment (unless it names one post, such as {@code #p485} or {@code #post_12}, on a page
 * that holds several) and tracking parameters ({@code utm_*}, {@code fbclid}, {@code gclid}, {@code spm},
 * session ids such as phpBB's {@code sid}, …) removed and the remaining query parameters sorted.
 * Two links to one post give one ticket. Pure.
 */
public final class CanonicalUrl {
  private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "yclid", "dclid", "msclkid", "spm", "sid",
      "phpsessid", "jsessionid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "from", "share_from", "share_source", "scm",
      "igshid", "ref_src", "s_trk");

  private static final Pattern POST_ANCHOR = Pattern.compile("(?i)(p|post|pid|postid|reply|comment)[-_]?\\d+");

  private CanonicalUrl() {
  }

  public static String of(String url) {
    URI u;
    try {
      u = new URI(url.strip());
    } catch (URISyntaxException e) {
      return url.strip();
    }
    if (u.getScheme() == null || u.getHost() == null) return url.strip();
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) port = -1;
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    StringBuilder out = new StringBuilder(scheme).append("://").append(u.getHost().toLowerCase(Locale.ROOT));
    if (port != -1) out.append(':').append(port);
    out.append(path);
    String query = query(u.getRawQuery());
    if (!query.isEmpty()) out.append('?').append(query);
    String fragment = u.getRawFragment();
    if (fragment != null && POST_ANCHOR.matcher(fragment).matches()) out.append('#').append(fragment);
    return out.toString();
  }

  private static String query(String raw) {
    if (raw == null || raw.isEmpty()) return "";
    List<String> kept = new ArrayList<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (name.startsWith("utm_") || TRACKING.contains(name)) continue;
      kept.add(pair);
    }
    kept.sort(null);
    return String.join("&", kept);
  }

  public static String host(String url) {
    try {
      String h = new URI(url).getHost();
      return h == null ? null : h.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
