package io.twinguard.broker.registry;

/** A registry file or API document that is invalid; the message names the path of the bad value. */
public final class RegistryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
