package io.voxgate.channel.forum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * robots.txt rules for one user agent (RFC 9309): the group naming our product token, else the
 * {@code *} group; the longest matching Allow/Disallow path wins, Allow on a tie; {@code *} and a
 * trailing {@code $} are wildcards. Pure and immutable.
 */
public final class Robots {
  public static final Robots ALLOW_ALL = new Robots(List.of());

  private record Rule(boolean allow, String path, Pattern pattern) {
  }

  private final List<Rule> rules;

  private Robots(List<Rule> rules) {
    this.rules = rules;
  }

  public static Robots parse(String text, String userAgent) {
    String token = userAgent.split("[/\\s]", 2)[0].toLowerCase(Locale.ROOT);
    List<Rule> mine = new ArrayList<>();
    List<Rule> star = new ArrayList<>();
    boolean mineFound = false;
    List<String> agents = new ArrayList<>();
    boolean inRules = false;
    List<Rule> current = new ArrayList<>();
    for (String raw : (text + "\nuser-agent: \u0000end").split("\\r?\\n|\\r")) {
      String line = raw.replaceAll("#.*", "").strip();
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String field = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (field.equals("user-agent")) {
        if (inRules) {
          boolean isMine = agents.stream().anyMatch(a -> !a.equals("*") && token.startsWith(a));
          if (isMine) {
            mine.addAll(current);
            mineFound = true;
          } else if (agents.contains("*")) {
            star.addAll(current);
          }
          agents = new ArrayList<>();
          current = new ArrayList<>();
          inRules = false;
        }
        agents.add(value.toLowerCase(Locale.ROOT));
      } else if (field.equals("allow") || field.equals("disallow")) {
        inRules = true;
        if (!value.isEmpty()) current.add(new Rule(field.equals("allow"), value, pattern(value)));
      }
    }
    return new Robots(List.copyOf(mineFound ? mine : star));
  }

  /** @param pathAndQuery e.g. {@code /forum.php?mod=viewthread} */
  public boolean allows(String pathAndQuery) {
    String p = pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : pathAndQuery;
    Rule best = null;
    for (Rule r : rules) {
      if (!r.pattern().matcher(p).lookingAt()) continue;
      if (best == null || r.path().length() > best.path().length()
          || r.path().length() == best.path().length() && r.allow()) best = r;
    }
    return best == null || best.allow();
  }

  private static Pattern pattern(String path) {
    boolean anchored = path.endsWith("$");
    String body = anchored ? path.substring(0, path.length() - 1) : path;
    StringBuilder re = new StringBuilder();
    String[] parts = body.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) re.append(".*");
      re.append(Pattern.quote(parts[i]));
    }
    if (anchored) re.append('$');
    return Pattern.compile(re.toString());
  }
}
