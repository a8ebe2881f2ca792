package io.twinguard.signing.oauth;

import java.util.Locale;
import java.util.Optional;

/** The HTTP authorization scheme an access token came with (RFC 6750 Bearer, RFC 9449 DPoP). */
public enum AuthScheme {
  BEARER("Bearer"),
  DPOP("DPoP");

  private final String httpName;

  AuthScheme(String httpName) {
    this.httpName = httpName;
  }

  /** The scheme as written in an {@code Authorization} header. */
  public String httpName() {
    return httpName;
  }

  /** The scheme of an {@code Authorization} header's first word (case-insensitive), if it is one. */
  public static Optional<AuthScheme> parse(String scheme) {
    String lower = scheme.toLowerCase(Locale.ROOT);
    for (AuthScheme s : values()) {
      if (s.httpName.toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
