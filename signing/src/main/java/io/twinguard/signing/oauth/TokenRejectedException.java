package io.twinguard.signing.oauth;

import java.util.Objects;

/**
 * Thrown by {@link AccessTokenVerifier} when a token or its proof of possession is refused;
 * {@link #rejection()} says why.
 */
public final class TokenRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // records of TokenRejection are not meant to be serialized
  private final TokenRejection rejection;

  public TokenRejectedException(TokenRejection rejection) {
    super(rejection.message());
    this.rejection = Objects.requireNonNull(rejection);
  }

  public TokenRejection rejection() {
    return rejection;
  }
}
