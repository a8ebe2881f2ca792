package io.twinguard.broker.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The broker's settings: the defaults in {@code twinguard-defaults.yaml}, overridden by a config
 * file, overridden by environment variables ({@code TWINGUARD_} + the setting's path in upper case,
 * {@code .} as {@code _}). Only settings that have a default exist: an unknown key in the file is an
 * error, so that a typo never silently leaves a default in force.
 */
public final class Settings {

  /** The prefix of every environment variable the broker reads. */
  public static final String ENV_PREFIX = "TWINGUARD_";

  private final JsonObject values;

  private Settings(JsonObject values) {
    this.values = values;
  }

  /**
   * Loads the settings.
   *
   * @param file a YAML config file, or null for none
   * @param env the environment, usually {@code System.getenv()}
   * @throws IllegalArgumentException naming the setting when the file or a variable is invalid
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Settings load(Path file, Map<String, String> env) {
    JsonObject defaults = defaults();
    JsonObject merged = defaults.copy();
    if (file != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file, e);
      }
      overlay(merged, defaults, Yaml.parseMapping(text, "config file " + file), "");
    }
    for (String path : leafPaths(defaults, "")) {
      String variable = envName(path);
      String value = env.get(variable);
      if (value != null) {
        set(merged, path, convert(value, get(defaults, path), variable));
      }
    }
    return new Settings(merged);
  }

  /** The environment variable that overrides {@code path}. */
  public static String envName(String path) {
    return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  public String string(String path) {
    return (String) get(values, path);
  }

  public int integer(String path) {
    return ((Number) get(values, path)).intValue();
  }

  public boolean bool(String path) {
    return (Boolean) get(values, path);
  }

  /** Every setting as {@code path=value} lines, for {@code twinguard serve --print-config}. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    for (String path : leafPaths(values, "")) {
      lines.add(path + "=" + get(values, path) + "  (" + envName(path) + ")");
    }
    return lines;
  }

  private static JsonObject defaults() {
    try (InputStream in = Settings.class.getResourceAsStream("/twinguard-defaults.yaml")) {
      if (in == null) {
        throw new IllegalStateException("twinguard-defaults.yaml missing from the classpath");
      }
      return Yaml.parseMapping(new String(in.readAllBytes(), StandardCharsets.UTF_8), "twinguard-defaults.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void overlay(JsonObject target, JsonObject defaults, JsonObject file, String prefix) {
    for (String key : file.fieldNames()) {
      String path = prefix + key;
      if (!defaults.containsKey(key)) {
        throw new IllegalArgumentException("unknown setting '" + path + "'");
      }
      Object def = defaults.getValue(key);
      Object value = file.getValue(key);
      if (def instanceof JsonObject nested) {
        if (!(value instanceof JsonObject given)) {
          throw new IllegalArgumentException("setting '" + path + "' must be a mapping");
        }
        overlay(target.getJsonObject(key), nested, given, path + ".");
      } else {
        target.put(key, convert(value == null ? "" : String.valueOf(value), def, "setting '" + path + "'"));
      }
    }
  }

  private static Object convert(String text, Object def, String name) {
    if (def instanceof Integer || def instanceof Long) {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'", e);
      }
    }
    if (def instanceof Boolean) {
      if (!text.equals("true") && !text.equals("false")) {
        throw new IllegalArgumentException(name + " must be true or false, not '" + text + "'");
      }
      return Boolean.parseBoolean(text);
    }
    return text;
  }

  private static List<String> leafPaths(JsonObject json, String prefix) {
    List<String> paths = new ArrayList<>();
    for (String key : json.fieldNames()) {
      if (json.getValue(key) instanceof JsonObject nested) {
        paths.addAll(leafPaths(nested, prefix + key + "."));
      } else {
        paths.add(prefix + key);
      }
    }
    return paths;
  }

  private static Object get(JsonObject json, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      if (!json.containsKey(path)) {
        throw new IllegalArgumentException("no setting '" + path + "'");
      }
      return json.getValue(path);
    }
    return get(json.getJsonObject(path.substring(0, dot)), path.substring(dot + 1));
  }

  private static void set(JsonObject json, String path, Object value) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      json.put(path, value);
    } else {
      set(json.getJsonObject(path.substring(0, dot)), path.substring(dot + 1), value);
    }
  }
}
