package io.twinguard.audit.merkle;

/** A proof that does not verify; {@link #error()} says why, with the values compared. */
public final class ProofException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Not serialized: the error is for the caller that catches this exception. */
  private final transient ProofError error;

  public ProofException(ProofError error) {
    super(error.message());
    this.error = error;
  }

  public ProofError error() {
    return error;
  }
}
