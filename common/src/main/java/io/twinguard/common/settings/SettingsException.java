package io.twinguard.common.settings;

import java.io.Serial;
import java.util.Optional;

/**
 * Settings were refused: an unknown key or variable, a mistyped or out-of-range value, or a file
 * that cannot be read. The message names the setting and where the value came from, such as
 * {@code log.max_batch must be a whole number, not 'abc' (from TWINGUARD_LOG_MAX_BATCH)}, with
 * passwords masked; it is meant for the operator as it is.
 */
public final class SettingsException extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  private final String path;
  private final transient SettingSource source;

  SettingsException(String message, String path, SettingSource source, Throwable cause) {
    super(message, cause);
    this.path = path;
    this.source = source;
  }

  /** The refused setting's path; empty when the refusal is about a whole file or variable. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** Where the refused value, key or file came from. */
  public SettingSource source() {
    return source;
  }
}
