package io.twinguard.signing.note;

/** A signed note that did not verify, with the reason. */
public final class NoteVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a note was refused. */
  public enum Reason {
    /** Not a signed note: bad encoding, no signature block, bad signature line. */
    MALFORMED,
    /** A signature by a known key does not verify: the text or the signature was changed. */
    INVALID_SIGNATURE,
    /** No signature is by a key that was given. */
    NO_KNOWN_SIGNATURE,
    /** Two given keys share a name and key hash. */
    AMBIGUOUS_KEY
  }

  private final Reason reason;

  NoteVerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
