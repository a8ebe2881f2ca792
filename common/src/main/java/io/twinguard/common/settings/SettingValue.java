package io.twinguard.common.settings;

import java.util.Objects;

/**
 * One setting as loaded, for {@code --print-config}: never holds a secret in clear.
 *
 * @param path the setting's path, such as {@code log.max_batch}
 * @param variable the environment variable that sets it, such as {@code TWINGUARD_LOG_MAX_BATCH}
 * @param shown its value as text, with passwords and key material masked
 * @param source where the value came from
 */
public record SettingValue(String path, String variable, String shown, SettingSource source) {

  public SettingValue {
    Objects.requireNonNull(path);
    Objects.requireNonNull(variable);
    Objects.requireNonNull(shown);
    Objects.requireNonNull(source);
  }

  /**
   * One line: {@code log.max_batch = 64  (from /etc/twinguard.yaml; variable
   * TWINGUARD_LOG_MAX_BATCH)}, or {@code (from TWINGUARD_LOG_MAX_BATCH)} when the variable set it.
   */
  public String describe() {
    String from = source instanceof SettingSource.Default d
        ? (d.rule().isEmpty() ? "default" : "default " + d.rule())
        : "from " + source.name();
    String variableNote = source instanceof SettingSource.Environment ? "" : "; variable " + variable;
    return path + " = " + shown + "  (" + from + variableNote + ")";
  }
}
