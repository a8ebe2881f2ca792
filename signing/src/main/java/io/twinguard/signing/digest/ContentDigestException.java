package io.twinguard.signing.digest;

import java.util.Objects;

/** A Content-Digest field did not verify; {@link #reason()} says why. */
public final class ContentDigestException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a Content-Digest field was refused. */
  public enum Reason {
    /** Not an RFC 8941 dictionary of byte sequences. */
    MALFORMED,
    /** Well-formed, but no algorithm twinguard supports (sha-256, sha-512) is present. */
    NO_SUPPORTED_ALGORITHM,
    /** A supported digest does not match the content. */
    MISMATCH
  }

  private final Reason reason;

  public ContentDigestException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
