package io.twinguard.signing.httpsig;

import java.util.Objects;

/**
 * A message signature did not verify. {@link #reason()} is the check that failed; the message is
 * one readable line for logs and problem details.
 */
public final class SignatureVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Reason {
    /** The message carries no Signature or Signature-Input field, or not the wanted label. */
    NO_SIGNATURE,
    /** Signature or Signature-Input is not valid RFC 8941, or a component is not usable. */
    MALFORMED_FIELD,
    /** A covered component is absent from the message. */
    MISSING_COMPONENT,
    /** No key is known for the keyid (or no keyid is given). */
    UNKNOWN_KEY,
    /** {@code alg} names another algorithm than the key's, or one twinguard does not implement. */
    ALGORITHM_MISMATCH,
    /** {@code expires} has passed (beyond the allowed clock skew). */
    EXPIRED,
    /** {@code created} lies in the future beyond the allowed clock skew. */
    CREATED_IN_FUTURE,
    /** The signature does not match the signature base: a covered component changed. */
    SIGNATURE_MISMATCH,
    /** Content-Digest is covered but does not match the content. */
    DIGEST_MISMATCH
  }

  private final Reason reason;

  public SignatureVerificationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
