package io.twinguard.broker.refusal;

import java.util.Objects;

/**
 * The failure that carries a {@link Refusal} through a chain of futures. It is an expected outcome,
 * not a fault, so it has no stack trace.
 */
public final class Refused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Refusal refusal;

  public Refused(Refusal refusal) {
    super(Objects.requireNonNull(refusal, "refusal").problem().detail(), null, false, false);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
