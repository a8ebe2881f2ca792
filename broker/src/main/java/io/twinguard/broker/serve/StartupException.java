package io.twinguard.broker.serve;

/** Why the broker could not start: a message for the operator, naming the setting or file to fix. */
public final class StartupException extends Exception {

  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
