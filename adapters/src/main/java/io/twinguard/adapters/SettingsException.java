package io.twinguard.adapters;

import java.util.List;

/**
 * A twin's {@code adapter} declaration is invalid. Each error names the path of the offending value
 * from the registry's root, e.g. {@code twins[3].adapter.settings.operations[0].method: must be GET
 * or POST}.
 */
public final class SettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  /** @param errors one {@code path: problem} per error, at least one */
  public SettingsException(List<String> errors) {
    super(String.join("; ", errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public SettingsException(String path, String problem) {
    this(List.of(path + ": " + problem));
  }

  /** Every error, each as {@code path: problem}. */
  public List<String> errors() {
    return errors;
  }
}
