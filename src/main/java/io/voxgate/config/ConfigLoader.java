package io.voxgate.config;

import io.voxgate.ticket.Channel;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads {@code conf/voxgate.yaml}, {@code conf/rules.yaml} and {@code channels/*.yaml}, applies
 * the {@code VOXGATE_*} environment variables, and validates everything into a
 * {@link GatewayConfig}. Any error is a {@link ConfigException} naming the file and key.
 *
 * <p>Besides the fixed variables ({@code VOXGATE_HTTP_PORT}, {@code VOXGATE_DB_URL}, …) any key can be
 * overridden as {@code VOXGATE_SECTION__KEY} (double underscore between levels).
 */
public final class ConfigLoader {
  private static final Map<String, String> FIXED_VARIABLES = Map.of(
      "VOXGATE_HTTP_PORT", "server.port",
      "VOXGATE_DB_URL", "database.url",
      "VOXGATE_SMTP_URL", "smtp.url",
      "VOXGATE_CHANNELS_DIR", "channels_dir",
      "VOXGATE_DATA_DIR", "data_dir",
      "VOXGATE_ADMIN_TOKEN", "admin_token");
  private static final Set<String> TOP_KEYS = Set.of(
      "server", "database", "smtp", "sms", "data_dir", "channels_dir", "admin_token", "intake", "deadlines",
      "calendar", "webform", "dispatch", "inbox", "forum", "letter");
  private static final Set<String> SOURCE_KEYS = Set.of("id", "channel", "secret", "name", "callback_url");
  private static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern DB_URL = Pattern.compile("postgres(ql)?://.+");

  private ConfigLoader() {
  }

  /** Loads from the folder named by {@code VOXGATE_CONF_DIR}, else {@code conf/}. */
  public static GatewayConfig load(Map<String, String> env) {
    return load(Path.of(env.getOrDefault("VOXGATE_CONF_DIR", "conf")), env);
  }

  public static GatewayConfig load(Path confDir, Map<String, String> env) {
    Path mainFile = confDir.resolve("voxgate.yaml");
    Map<String, Object> main = readYaml(mainFile, true);
    applyEnvironment(main, env);
    YamlTree root = new YamlTree(mainFile.toString(), "", main, env);
    for (String key : root.keys()) {
      if (!TOP_KEYS.contains(key)) throw root.error(key, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)) + ")");
    }

    YamlTree server = root.child("server");
    YamlTree db = root.child("database");
    Optional<String> dbUrl = db.optString("url");
    if (dbUrl.isPresent() && !DB_URL.matcher(dbUrl.get()).matches()) {
      throw db.error("url", "must look like postgresql://user:pass@host:port/db");
    }
    Path dataDir = Path.of(root.string("data_dir", "data"));
    Path channelsDir = Path.of(root.string("channels_dir", "channels"));

    Path rulesFile = confDir.resolve("rules.yaml");
    Rules rules = Rules.from(new YamlTree(rulesFile.toString(), "", readYaml(rulesFile, false), env));
    YamlTree webformDefaults = root.child("webform");
    YamlTree forumDefaults = root.child("forum");
    LetterOptions letter = LetterOptions.top(root.child("letter"));

    return new GatewayConfig(
        dataDir,
        channelsDir,
        new GatewayConfig.Server(
            server.string("host", "0.0.0.0"),
            server.intValue("port", 8080, 0, 65535),
            server.intValue("instances", 0, 0, 256),
            server.longValue("body_limit", 25L << 20, 1024, 1L << 32),
            server.bool("trust_forwarded_for", false)),
        new GatewayConfig.Database(dbUrl,
            db.intValue("pool_size", 16, 1, 1000),
            db.intValue("embedded_port", 0, 0, 65535),
            db.duration("acquire_timeout", Duration.ofSeconds(5))),
        root.optString("admin_token"),
        root.child("smtp").optString("url"),
        new GatewayConfig.Intake(root.child("intake").intValue("batch_max", 64, 1, 10_000)),
        DispatchConfig.deadlines(root.child("deadlines")),
        rules,
        loadSources(channelsDir, env, webformDefaults, forumDefaults, letter),
        DispatchConfig.smtp(root.child("smtp")),
        DispatchConfig.sms(root.child("sms")),
        DispatchConfig.calendar(root.child("calendar")),
        DispatchConfig.dispatch(root.child("dispatch")),
        InboxOptions.from(root.child("inbox")),
        letter);
  }

  static List<SourceConfig> loadSources(Path dir, Map<String, String> env, YamlTree webformDefaults,
                                        YamlTree forumDefaults, LetterOptions letterDefaults) {
    if (!Files.isDirectory(dir)) throw new ConfigException(dir.toString(), "channels_dir", "folder does not exist");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir.toString(), "channels_dir", "cannot be read: " + e.getMessage());
    }
    Map<String, String> seen = new HashMap<>();
    List<SourceConfig> out = new ArrayList<>();
    for (Path file : files) {
      YamlTree t = new YamlTree(file.toString(), "", readYaml(file, true), env);
      String id = t.string("id");
      if (!SOURCE_ID.matcher(id).matches()) throw t.error("id", "must be lower-case letters, digits and dashes, got '" + id + "'");
      String other = seen.putIfAbsent(id, file.toString());
      if (other != null) throw t.error("id", "'" + id + "' is already used by " + other);
      Channel channel = t.choice("channel", null, Channel::fromWire, "phone, email, webform, letter, forum");
      if (t.has("callback_url") && !t.string("callback_url").matches("https?://[^\\s]+")) {
        throw t.error("callback_url", "must be an http:// or https:// URL, got '" + t.string("callback_url") + "'");
      }
      if (t.has("secret") && !t.isEnvReference("secret")) {
        throw t.error("secret", "must be an environment reference such as ${PARTNER_SECRET}, not the secret itself");
      }
      WebFormOptions webform = null;
      if (channel == Channel.WEBFORM) {
        requireKnown(t, Set.of("attachments", "rate_limit", "public"));
        webform = WebFormOptions.from(t, webformDefaults);
      } else if (channel == Channel.PHONE) {
        requireKnown(t, PhoneOptions.KEYS);
        PhoneOptions.from(t);
      }
      if (channel == Channel.EMAIL) {
        requireKnown(t, EmailOptions.KEYS);
        EmailOptions.from(t, null); // checks the file; the Message-ID domain joins where the source is used
      }
      if (channel == Channel.LETTER) {
        requireKnown(t, LetterOptions.SOURCE_KEYS);
        LetterOptions.source(t, letterDefaults); // fails the start on a bad value; read again by the letter routes
      }
      ForumOptions forum = null;
      if (channel == Channel.FORUM) {
        requireKnown(t, ForumOptions.KEYS);
        forum = ForumOptions.from(t, forumDefaults);
      }
      out.add(new SourceConfig(id, channel, t.optString("secret"), file.toString(), t, webform, forum));
    }
    return List.copyOf(out);
  }

  private static void requireKnown(YamlTree t, Set<String> channelKeys) {
    for (String key : t.keys()) {
      if (!SOURCE_KEYS.contains(key) && !channelKeys.contains(key)) throw t.error(key, "unknown key for this channel");
    }
  }

  private static Map<String, Object> readYaml(Path file, boolean required) {
    if (!Files.exists(file)) {
      if (required) throw new ConfigException(file.toString(), "(file)", "does not exist");
      return new LinkedHashMap<>();
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(options)).load(r);
      if (doc == null) return new LinkedHashMap<>();
      if (!(doc instanceof Map)) throw new ConfigException(file.toString(), "(document)", "must be a mapping of keys");
      @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) textKeys(doc);
      return m;
    } catch (MarkedYAMLException e) {
      throw new ConfigException(file.toString(), "line " + (e.getProblemMark().getLine() + 1), "invalid YAML: " + e.getProblem());
    } catch (ReaderException e) {
      throw new ConfigException(file.toString(), "line " + lineAt(file, e.getPosition()),
          "invalid YAML: character U+" + String.format("%04X", e.getCodePoint()) + " is not allowed");
    } catch (YAMLException | IOException e) {
      if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
        throw new ConfigException(file.toString(), "(file)", "is not UTF-8 text; save it as UTF-8");
      }
      throw new ConfigException(file.toString(), "(file)", "cannot be read: " + e.getMessage());
    }
  }

  /** YAML allows keys such as {@code 8080:} or {@code yes:}; the loader and its errors speak text. */
  private static Object textKeys(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), textKeys(v)));
      return out;
    }
    if (node instanceof List<?> list) return new ArrayList<>(list.stream().map(ConfigLoader::textKeys).toList());
    return node;
  }

  private static int lineAt(Path file, int position) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int line = 1;
      for (int i = 0; i < Math.min(position, text.length()); i++) if (text.charAt(i) == '\n') line++;
      return line;
    } catch (IOException e) {
      return 0;
    }
  }

  @SuppressWarnings("unchecked")
  static void applyEnvironment(Map<String, Object> root, Map<String, String> env) {
    Map<String, String> paths = new LinkedHashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith("VOXGATE_") && name.contains("__")) {
        paths.put(name.substring("VOXGATE_".length()).toLowerCase().replace("__", "."), value);
      }
    });
    FIXED_VARIABLES.forEach((name, path) -> {
      String v = env.get(name);
      if (v != null && !v.isBlank()) paths.put(path, v);
    });
    paths.forEach((path, value) -> {
      String[] parts = path.split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = node.get(parts[i]);
        if (!(next instanceof Map)) {
          next = new LinkedHashMap<String, Object>();
          node.put(parts[i], next);
        } else {
          next = new LinkedHashMap<>((Map<String, Object>) next);
          node.put(parts[i], next);
        }
        node = (Map<String, Object>) next;
      }
      node.put(parts[parts.length - 1], value);
    });
  }
}
