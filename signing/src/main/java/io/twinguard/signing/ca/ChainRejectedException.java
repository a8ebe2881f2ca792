package io.twinguard.signing.ca;

import java.util.Objects;

/** Thrown by {@link ChainValidator} when a chain is refused; {@link #rejection()} says why. */
public final class ChainRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // records of Rejection are not meant to be serialized
  private final Rejection rejection;

  public ChainRejectedException(Rejection rejection) {
    super(rejection.message());
    this.rejection = Objects.requireNonNull(rejection);
  }

  public Rejection rejection() {
    return rejection;
  }
}
