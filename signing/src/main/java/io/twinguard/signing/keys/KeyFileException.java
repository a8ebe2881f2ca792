package io.twinguard.signing.keys;

import java.util.Objects;

/**
 * A key or certificate file could not be read or written. The message is one readable line that
 * never contains key material; {@link #reason()} says what went wrong so callers can branch on it.
 */
public final class KeyFileException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a key file was refused. */
  public enum Reason {
    /** The password does not open the file. */
    WRONG_PASSWORD,
    /** The file is encrypted and no password was given. */
    PASSWORD_REQUIRED,
    /** The bytes are not a well-formed PEM, PKCS#8 or PKCS#12 structure of the expected kind. */
    CORRUPT,
    /** The file holds a well-formed key of a type twinguard does not use (for example RSA). */
    UNSUPPORTED_KEY,
    /** The file could not be read or written. */
    IO
  }

  private final Reason reason;

  public KeyFileException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  public KeyFileException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
