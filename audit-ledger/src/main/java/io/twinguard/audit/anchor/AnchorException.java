package io.twinguard.audit.anchor;

/**
 * An anchoring call that did not succeed, with the reason, which tells a caller whether to retry.
 */
public final class AnchorException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a call failed. */
  public enum Reason {
    /**
     * The chaincode refused the call; the message is the chaincode's (unregistered log, bad
     * signature, malformed note, tree size not larger than the last). Retrying the same call fails
     * the same way.
     */
    REFUSED,
    /**
     * The transaction was ordered but the peer marked it invalid (for example an MVCC conflict
     * with a concurrent anchor of the same log). Retrying may succeed.
     */
    NOT_COMMITTED,
    /** The network could not be reached, or the deadline passed. Retrying later may succeed. */
    UNAVAILABLE
  }

  private final Reason reason;

  AnchorException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Whether the same call may succeed later. */
  public boolean retryable() {
    return switch (reason) {
      case REFUSED -> false;
      case NOT_COMMITTED, UNAVAILABLE -> true;
    };
  }
}
