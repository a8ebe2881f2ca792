package io.twinguard.signing.oauth;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a verified access token must satisfy.
 *
 * @param issuer the exact {@code iss} (the realm's URL, e.g. {@code http://127.0.0.1:18080/realms/twinguard})
 * @param audience the value {@code aud} must contain (e.g. {@code twinguard-broker})
 * @param algorithms the algorithms allowed for access tokens and DPoP proofs, at least one
 * @param maxSkew clock skew allowed on {@code exp}, {@code nbf}, {@code iat} and a proof's
 *     {@code iat}; 0 to 5 minutes
 * @param proofLifetime how old a DPoP proof's {@code iat} may be (before the skew); 1 s to 5 min
 * @throws IllegalArgumentException when a value is out of range or blank
 */
public record TokenExpectations(
    String issuer, String audience, Set<TokenAlgorithm> algorithms, Duration maxSkew,
    Duration proofLifetime) {

  private static final Duration MAX = Duration.ofMinutes(5);

  public TokenExpectations {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(algorithms, "algorithms");
    Objects.requireNonNull(maxSkew, "maxSkew");
    Objects.requireNonNull(proofLifetime, "proofLifetime");
    if (issuer.isBlank() || audience.isBlank()) {
      throw new IllegalArgumentException("issuer and audience must not be blank");
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one algorithm must be allowed");
    }
    if (maxSkew.isNegative() || maxSkew.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("maxSkew must be between 0 and 5 minutes: " + maxSkew);
    }
    if (proofLifetime.compareTo(Duration.ofSeconds(1)) < 0 || proofLifetime.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("proofLifetime must be between 1 s and 5 minutes: " + proofLifetime);
    }
    algorithms = Set.copyOf(EnumSet.copyOf(algorithms));
  }

  /** Every algorithm Keycloak issues (RS256, ES256, EdDSA), 30 s of skew, proofs up to 60 s old. */
  public static TokenExpectations of(String issuer, String audience) {
    return new TokenExpectations(issuer, audience, EnumSet.allOf(TokenAlgorithm.class),
        Duration.ofSeconds(30), Duration.ofSeconds(60));
  }
}
