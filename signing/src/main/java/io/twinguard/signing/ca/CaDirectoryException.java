package io.twinguard.signing.ca;

import java.util.Objects;

/** A CA directory operation failed; the message is one line for the command line. */
public final class CaDirectoryException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a CA directory operation failed. */
  public enum Reason {
    /** {@code init} on a directory that already holds a CA. */
    ALREADY_INITIALIZED,
    /** The directory lacks a CA file, or a file is unreadable or corrupt. */
    NOT_A_CA_DIRECTORY,
    /** {@code revoke} of a serial that this CA never issued. */
    UNKNOWN_SERIAL,
    /** {@code revoke} of a serial that is already revoked. */
    ALREADY_REVOKED,
    /** Reading or writing a file failed. */
    IO
  }

  private final Reason reason;

  public CaDirectoryException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  public CaDirectoryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  public Reason reason() {
    return reason;
  }
}
