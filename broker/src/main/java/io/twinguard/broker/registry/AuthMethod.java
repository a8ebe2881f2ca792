package io.twinguard.broker.registry;

import java.util.Arrays;
import java.util.Locale;

/** How a twin may prove who it is when it calls through the broker, as its registry entry allows. */
public enum AuthMethod {
  /** An X.509-SVID of the ecosystem CA in the TLS handshake (mutual TLS). */
  MTLS,
  /**
   * A sender-constrained access token of the identity provider, issued to the twin's {@code
   * client_id}: DPoP-bound (RFC 9449) or bound to the TLS client certificate (RFC 8705).
   */
  TOKEN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
   */
  public static AuthMethod parse(String text) {
    return Arrays.stream(values())
        .filter(method -> method.wireName().equals(text))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("must be one of mtls, token, not '" + text + "'"));
  }
}
