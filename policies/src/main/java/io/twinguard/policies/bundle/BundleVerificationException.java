package io.twinguard.policies.bundle;

/** A bundle whose signature is missing, does not verify, or does not cover its files. */
public final class BundleVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The problem, in words that name the file or claim concerned (never key material). */
  public BundleVerificationException(String message) {
    super(message);
  }

  /** The problem and the library error underneath. */
  public BundleVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
