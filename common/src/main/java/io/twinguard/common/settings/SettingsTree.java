package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Secrets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings as layers are applied: every leaf (a setting) with its current raw value and its
 * source. The shape (which keys are sections, which leaves hold lists) is that of the defaults;
 * nothing outside it can be set.
 */
final class SettingsTree {

  /** A leaf's raw value (text, number, list or null, as YAML or a variable gave it) and source. */
  record Leaf(Object value, SettingSource source) {}

  private final Set<String> sections;
  private final Map<String, Leaf> leaves;
  private final Map<String, String> pathsByVariable;

  private SettingsTree(Set<String> sections, Map<String, Leaf> leaves) {
    this.sections = sections;
    this.leaves = leaves;
    this.pathsByVariable = new LinkedHashMap<>();
    for (String path : leaves.keySet()) {
      String previous = pathsByVariable.put(variableOf(path), path);
      if (previous != null) {
        throw new IllegalStateException(previous + " and " + path + " have the same variable");
      }
    }
  }

  /** The tree of a defaults document; each leaf's source is the defaults. */
  static SettingsTree ofDefaults(Map<String, Object> defaults) {
    Set<String> sections = new LinkedHashSet<>();
    Map<String, Leaf> leaves = new LinkedHashMap<>();
    flatten(defaults, "", sections, leaves);
    return new SettingsTree(sections, leaves);
  }

  private static void flatten(Map<String, Object> map, String prefix, Set<String> sections, Map<String, Leaf> leaves) {
    map.forEach((key, value) -> {
      String path = prefix + key;
      if (value instanceof Map<?, ?> nested) {
        sections.add(path);
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) nested;
        flatten(section, path + ".", sections, leaves);
      } else {
        leaves.put(path, new Leaf(value, new SettingSource.Default("")));
      }
    });
  }

  /** A copy to apply layers to. */
  SettingsTree copy() {
    return new SettingsTree(sections, new LinkedHashMap<>(leaves));
  }

  List<String> paths() {
    return List.copyOf(leaves.keySet());
  }

  boolean isSetting(String path) {
    return leaves.containsKey(path);
  }

  /** The setting a {@code TWINGUARD_*} variable sets, or null. */
  String pathOf(String variable) {
    return pathsByVariable.get(variable);
  }

  Leaf leaf(String path) {
    return Objects.requireNonNull(leaves.get(path), path);
  }

  /**
   * Overlays a settings document (a file's mapping).
   *
   * @throws SettingsException for a key that is no setting, or a section given a scalar
   */
  void overlay(Map<String, Object> document, String prefix, SettingSource source) {
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      String path = prefix + entry.getKey();
      if (sections.contains(path)) {
        if (entry.getValue() == null) {
          continue; // a section with every key commented out sets nothing
        }
        if (!(entry.getValue() instanceof Map<?, ?> nested)) {
          throw new SettingsException(path + " must be a mapping of settings, not '" + shown(entry.getValue())
              + "' (in " + source.name() + ")", path, source, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) nested;
        overlay(section, path + ".", source);
      } else if (leaves.containsKey(path)) {
        set(path, entry.getValue(), source);
      } else {
        throw new SettingsException("unknown setting '" + path + "' in " + source.name(), path, source, null);
      }
    }
  }

  /** Sets a leaf; text given to a list setting is split at commas. */
  void set(String path, Object value, SettingSource source) {
    Object given = value;
    if (leaf(path).value() instanceof List<?> && value instanceof String text) {
      given = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
    leaves.put(path, new Leaf(given, source));
  }

  /** Whether a leaf holds nothing (null or blank text): "not set", or "derive me". */
  boolean isEmpty(String path) {
    Object value = leaf(path).value();
    return value == null || value instanceof String text && text.isBlank();
  }

  /** The leaves as nested maps for binding; blank text becomes null, meaning "not set". */
  Map<String, Object> nested() {
    Map<String, Object> root = new LinkedHashMap<>();
    leaves.forEach((path, leaf) -> {
      Map<String, Object> parent = root;
      String[] keys = path.split("\\.");
      for (int i = 0; i < keys.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> next = (Map<String, Object>) parent.computeIfAbsent(keys[i], k -> new LinkedHashMap<>());
        parent = next;
      }
      parent.put(keys[keys.length - 1], isEmpty(path) ? null : leaf.value());
    });
    return root;
  }

  /** Every leaf for {@code --print-config}, secrets masked. */
  List<SettingValue> values() {
    List<SettingValue> values = new ArrayList<>();
    leaves.forEach((path, leaf) ->
        values.add(new SettingValue(path, variableOf(path), shown(leaf.value()), leaf.source())));
    return values;
  }

  /** A raw value as text, masked: {@code ""} for nothing, {@code [a, b]} for a list. */
  static String shown(Object value) {
    if (value == null || value instanceof String text && text.isEmpty()) {
      return "\"\"";
    }
    if (value instanceof List<?> list) {
      return Secrets.mask(list.stream().map(String::valueOf).toList().toString());
    }
    return Secrets.mask(String.valueOf(value).replace("\n", "\\n"));
  }

  /** The variable name of a path: {@code TWINGUARD_} + upper case, {@code .} as {@code _}. */
  static String variableOf(String path) {
    return SettingsLoader.VARIABLE_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
