package io.twinguard.audit.record;

import java.util.List;

/** A record that is not JSON or breaks the record schema; {@link #violations()} lists why. */
public final class InvalidRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<String> violations;

  public InvalidRecordException(List<String> violations) {
    super(String.join("; ", violations));
    this.violations = List.copyOf(violations);
  }

  public List<String> violations() {
    return violations;
  }
}
