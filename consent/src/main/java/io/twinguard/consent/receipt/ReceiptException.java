package io.twinguard.consent.receipt;

/** A receipt that does not verify, with the one reason why. */
public final class ReceiptException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a receipt does not verify. */
  public enum Reason {
    /** Not a compact JWS with the receipt's header and payload. */
    MALFORMED,
    /** The JWS signature is not the receipt key's. */
    BAD_SIGNATURE,
    /** The record's digest, or the audit leaf, does not match the record. */
    RECORD_MISMATCH,
    /** The inclusion proof does not lead to the checkpoint's root. */
    BAD_PROOF,
    /** The checkpoint is not signed by the log's key. */
    BAD_CHECKPOINT
  }

  private final Reason reason;

  public ReceiptException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
