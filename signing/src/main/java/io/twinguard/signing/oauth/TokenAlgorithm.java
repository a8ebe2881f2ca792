package io.twinguard.signing.oauth;

import java.util.Optional;

/**
 * The JWS algorithms an access token or a DPoP proof may be signed with: the asymmetric ones
 * Keycloak issues. {@code none} and the HMAC algorithms are deliberately absent, so a token can
 * never be "verified" with no key or with a public key used as an HMAC secret.
 */
public enum TokenAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256 (Keycloak's default). */
  RS256("RS256", "SHA256withRSA"),
  /** ECDSA on P-256 with SHA-256; the JWS signature is the raw 64-byte r||s. */
  ES256("ES256", "SHA256withPLAIN-ECDSA"),
  /** Ed25519 (RFC 8037). */
  EDDSA("EdDSA", "Ed25519");

  private final String joseName;
  private final String jcaName;

  TokenAlgorithm(String joseName, String jcaName) {
    this.joseName = joseName;
    this.jcaName = jcaName;
  }

  /** The {@code alg} header value. */
  public String joseName() {
    return joseName;
  }

  /** The JCA signature name under Bouncy Castle. */
  String jcaName() {
    return jcaName;
  }

  /** The algorithm of an {@code alg} header value (exact, case-sensitive as JOSE says). */
  public static Optional<TokenAlgorithm> ofJoseName(String alg) {
    for (TokenAlgorithm a : values()) {
      if (a.joseName.equals(alg)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
