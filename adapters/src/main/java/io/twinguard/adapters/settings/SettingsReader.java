package io.twinguard.adapters.settings;

import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one mapping of adapter settings and collects every error with its path, so that a user
 * sees all mistakes at once ({@code twins[3].adapter.settings.operations[0].method: must be GET or
 * POST}). Readers made by {@link #child} and {@link #list} share the error list of their parent;
 * {@link #check()} throws when any reader found an error. A getter that finds an error records it and
 * returns its default (or {@code null}), so a parse reads on and reports the rest.
 */
public final class SettingsReader {

  private final JsonObject json;
  private final String path;
  private final List<String> errors;

  public SettingsReader(JsonObject json, String path) {
    this(json, path, new ArrayList<>());
  }

  private SettingsReader(JsonObject json, String path, List<String> errors) {
    this.json = json;
    this.path = path;
    this.errors = errors;
  }

  /** The path of this mapping. */
  public String path() {
    return path;
  }

  /** The path of one of its keys. */
  public String path(String key) {
    return path + "." + key;
  }

  /** Records an error at {@code path(key)}. */
  public void error(String key, String problem) {
    errors.add(path(key) + ": " + problem);
  }

  /** Records an error at this mapping's own path. */
  public void error(String problem) {
    errors.add(path + ": " + problem);
  }

  /** Records an error for every key not in {@code allowed}: a misspelt setting is never ignored. */
  public void allowOnly(Set<String> allowed) {
    json.fieldNames().stream().filter(key -> !allowed.contains(key)).sorted()
        .forEach(key -> error(key, "unknown setting; allowed: " + String.join(", ", allowed.stream().sorted().toList())));
  }

  public boolean has(String key) {
    return json.containsKey(key);
  }

  /** A required non-blank string. */
  public String string(String key) {
    Object value = json.getValue(key);
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    error(key, value == null ? "required" : "must be a non-empty string");
    return null;
  }

  /** An optional string, {@code fallback} when absent. */
  public String string(String key, String fallback) {
    return json.containsKey(key) ? string(key) : fallback;
  }

  /** An optional whole number within {@code [min, max]}, {@code fallback} when absent. */
  public long integer(String key, long fallback, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      error(key, "must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return ((Number) value).longValue();
  }

  /** A required block reference ({@code kind/name}), {@code null} after recording an error. */
  public BlockRef block(String key) {
    String text = string(key);
    if (text == null) {
      return null;
    }
    try {
      return BlockRef.parse(text);
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return null;
    }
  }

  /** A required absolute file path (not checked on disk: validation stays pure). */
  public Path absolutePath(String key) {
    String text = string(key);
    if (text == null) {
      return null;
    }
    Path file = Path.of(text);
    if (!file.isAbsolute()) {
      error(key, "must be an absolute path, not '" + text + "'");
      return null;
    }
    return file;
  }

  /** A mapping, empty when absent. */
  public SettingsReader child(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return new SettingsReader(new JsonObject(), path(key), errors);
    }
    if (!(value instanceof JsonObject object)) {
      error(key, "must be a mapping");
      return new SettingsReader(new JsonObject(), path(key), errors);
    }
    return new SettingsReader(object, path(key), errors);
  }

  /** A required mapping. */
  public SettingsReader requiredChild(String key) {
    if (!json.containsKey(key)) {
      error(key, "required");
    }
    return child(key);
  }

  /** The raw JSON value of a key, {@code null} when absent. */
  public Object raw(String key) {
    return json.getValue(key);
  }

  /** The keys of this mapping, in file order. */
  public Set<String> keys() {
    return json.fieldNames();
  }

  /** A list of mappings, empty when absent; each item read by {@code item} at {@code key[i]}. */
  public <T> List<T> list(String key, Function<SettingsReader, T> item) {
    Object value = json.getValue(key);
    List<T> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray array)) {
      error(key, "must be a list");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      String itemPath = path(key) + "[" + i + "]";
      if (array.getValue(i) instanceof JsonObject object) {
        out.add(item.apply(new SettingsReader(object, itemPath, errors)));
      } else {
        errors.add(itemPath + ": must be a mapping");
      }
    }
    return out;
  }

  /** A list of strings, empty when absent. */
  public List<String> strings(String key) {
    Object value = json.getValue(key);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray array)) {
      error(key, "must be a list of strings");
      return out;
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.getValue(i) instanceof String s) {
        out.add(s);
      } else {
        errors.add(path(key) + "[" + i + "]: must be a string");
      }
    }
    return out;
  }

  /** Whether any reader sharing this error list found an error so far. */
  public boolean failed() {
    return !errors.isEmpty();
  }

  /** @throws SettingsException listing every error found by this reader and its children */
  public void check() {
    if (!errors.isEmpty()) {
      throw new SettingsException(errors);
    }
  }
}
