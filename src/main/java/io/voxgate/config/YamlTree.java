package io.voxgate.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only view of one YAML mapping that knows its file and key path, so every
 * error names both. Strings may reference environment variables as {@code ${NAME}}
 * or {@code ${NAME:-default}}.
 */
public final class YamlTree {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final String file;
  private final String path;
  private final Map<String, Object> map;
  private final Map<String, String> env;

  public YamlTree(String file, String path, Map<String, Object> map, Map<String, String> env) {
    this.file = file;
    this.path = path;
    this.map = map == null ? Map.of() : map;
    this.env = env;
  }

  public String file() {
    return file;
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    return map.get(name) != null;
  }

  public java.util.Set<String> keys() {
    return map.keySet();
  }

  public ConfigException error(String name, String problem) {
    return new ConfigException(file, key(name), problem);
  }

  public YamlTree child(String name) {
    Object v = map.get(name);
    if (v == null) return new YamlTree(file, key(name), Map.of(), env);
    if (!(v instanceof Map)) throw error(name, "must be a mapping");
    @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) v;
    return new YamlTree(file, key(name), m, env);
  }

  public Optional<String> optString(String name) {
    Object v = map.get(name);
    if (v == null) return Optional.empty();
    if (v instanceof Map || v instanceof List) throw error(name, "must be a single value");
    String s = expand(name, String.valueOf(v));
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  public String string(String name) {
    return optString(name).orElseThrow(() -> error(name, "is required"));
  }

  public String string(String name, String fallback) {
    return optString(name).orElse(fallback);
  }

  public long longValue(String name, long fallback, long min, long max) {
    Optional<String> s = optString(name);
    if (s.isEmpty()) return fallback;
    long value;
    try {
      value = parseSize(s.get());
    } catch (NumberFormatException e) {
      throw error(name, "must be a whole number (sizes may end in KB, MB or GB), got '" + s.get() + "'");
    }
    if (value < min || value > max) throw error(name, "must be between " + min + " and " + max + ", got " + value);
    return value;
  }

  public int intValue(String name, int fallback, int min, int max) {
    return (int) longValue(name, fallback, min, max);
  }

  public boolean bool(String name, boolean fallback) {
    Optional<String> s = optString(name);
    if (s.isEmpty()) return fallback;
    return switch (s.get().toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error(name, "must be true or false, got '" + s.get() + "'");
    };
  }

  public Duration duration(String name, Duration fallback) {
    Optional<String> s = optString(name);
    if (s.isEmpty()) return fallback;
    try {
      return Duration.parse(s.get());
    } catch (DateTimeParseException e) {
      throw error(name, "must be an ISO-8601 duration such as PT30M or PT6H, got '" + s.get() + "'");
    }
  }

  public List<String> strings(String name) {
    Object v = map.get(name);
    if (v == null) return List.of();
    if (!(v instanceof List<?> list)) throw error(name, "must be a list");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map || item instanceof List) throw error(name + "[" + i + "]", "must be a text value");
      out.add(expand(name + "[" + i + "]", String.valueOf(item)));
    }
    return List.copyOf(out);
  }

  public List<YamlTree> children(String name) {
    Object v = map.get(name);
    if (v == null) return List.of();
    if (!(v instanceof List<?> list)) throw error(name, "must be a list");
    List<YamlTree> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map)) throw error(name + "[" + i + "]", "must be a mapping");
      @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) list.get(i);
      out.add(new YamlTree(file, key(name) + "[" + i + "]", m, env));
    }
    return out;
  }

  /** Named lists of keywords: {@code {name: [word, ...]}}. */
  public Map<String, List<String>> keywordGroups(String name) {
    YamlTree c = child(name);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String k : c.keys()) out.put(k, c.strings(k));
    return out;
  }

  public <T> T choice(String name, T fallback, Function<String, T> parse, String allowed) {
    Optional<String> s = optString(name);
    if (s.isEmpty()) {
      if (fallback == null) throw error(name, "is required (one of " + allowed + ")");
      return fallback;
    }
    try {
      T t = parse.apply(s.get());
      if (t != null) return t;
    } catch (IllegalArgumentException ignored) {
      // reported below with the allowed values
    }
    throw error(name, "must be one of " + allowed + ", got '" + s.get() + "'");
  }

  /** Whether the raw (unexpanded) value is an environment reference. */
  public boolean isEnvReference(String name) {
    Object v = map.get(name);
    return v != null && ENV_REF.matcher(String.valueOf(v).trim()).matches();
  }

  private String expand(String name, String raw) {
    Matcher m = ENV_REF.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null || value.isEmpty()) value = m.group(2);
      if (value == null) throw error(name, "refers to environment variable " + m.group(1) + ", which is not set");
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().trim();
  }

  static long parseSize(String s) {
    String t = s.trim().toUpperCase().replace("_", "");
    long mult = 1;
    if (t.endsWith("KB")) { mult = 1024; t = t.substring(0, t.length() - 2); }
    else if (t.endsWith("MB")) { mult = 1024 * 1024; t = t.substring(0, t.length() - 2); }
    else if (t.endsWith("GB")) { mult = 1024L * 1024 * 1024; t = t.substring(0, t.length() - 2); }
    return Long.parseLong(t.trim()) * mult;
  }
}
