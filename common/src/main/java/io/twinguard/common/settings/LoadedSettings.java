package io.twinguard.common.settings;

import java.util.List;
import java.util.Objects;

/**
 * Settings as {@link SettingsLoader#load()} bound them, with where each value came from.
 *
 * @param settings the typed tree
 * @param values every setting, in the order of {@code twinguard-defaults.yaml}, secrets masked
 */
public record LoadedSettings(TwinguardSettings settings, List<SettingValue> values) {

  public LoadedSettings {
    Objects.requireNonNull(settings);
    values = List.copyOf(values);
  }

  /**
   * Where a setting's value came from.
   *
   * @throws IllegalArgumentException when {@code path} names no setting
   */
  public SettingSource sourceOf(String path) {
    return values.stream().filter(v -> v.path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no setting '" + path + "'"))
        .source();
  }

  /** One line per setting (see {@link SettingValue#describe()}), for {@code --print-config}. */
  public List<String> describe() {
    return values.stream().map(SettingValue::describe).toList();
  }
}
