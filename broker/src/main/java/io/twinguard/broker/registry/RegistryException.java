package io.twinguard.broker.registry;

import java.util.List;

/**
 * A registry file or API document that is invalid; the message names the path of the bad value,
 * and {@link #errors()} lists each error (an adapter declaration may have several).
 */
public final class RegistryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> errors;

  public RegistryException(String message) {
    this(message, null);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
    this.errors = List.of(message);
  }

  /** @param errors every error found, each as {@code path: problem}; at least one */
  public RegistryException(List<String> errors, Throwable cause) {
    super(String.join("; ", errors), cause);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** Every error found, each as {@code path: problem}. */
  public List<String> errors() {
    return errors;
  }
}
