package io.voxgate.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message texts under {@code templates/<name>.<lang>.txt} (zh-CN and en): an optional first line
 * {@code Subject: …}, then the body; {@code {{key}}} is replaced by the value given (missing: empty).
 * Pure; templates are loaded once.
 */
public final class Templates {
  private static final Pattern VAR = Pattern.compile("\\{\\{(\\w+)}}");
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  /** A rendered message: subject (empty for SMS templates) and text. */
  public record Rendered(String subject, String text) {
  }

  private Templates() {
  }

  /** {@code lang} {@code en…} selects English, anything else Chinese. */
  public static Rendered render(String name, String lang, Map<String, String> values) {
    String language = lang != null && lang.toLowerCase().startsWith("en") ? "en" : "zh-CN";
    String raw = CACHE.computeIfAbsent(name + "." + language, Templates::load);
    String filled = fill(raw, values);
    if (filled.startsWith("Subject: ")) {
      int nl = filled.indexOf('\n');
      return new Rendered(filled.substring(9, nl).trim(), filled.substring(nl + 1).strip() + "\n");
    }
    return new Rendered("", filled.strip());
  }

  private static String fill(String raw, Map<String, String> values) {
    Matcher m = VAR.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    m.appendTail(out);
    return out.toString();
  }

  private static String load(String key) {
    String path = "templates/" + key + ".txt";
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing template " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
