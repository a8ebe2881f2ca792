package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The identity provider whose access tokens the broker accepts ({@code identity.*}): a Keycloak
 * realm. Without {@code keycloak_url} there is none: twins and administrators authenticate with
 * certificates of the ecosystem CA only, and the consent portal and the citizen API are off.
 *
 * @param keycloakUrl the realm's URL ({@code http://127.0.0.1:18080/realms/twinguard}), which is the
 *     exact issuer ({@code iss}) of its tokens; its keys are at {@code /protocol/openid-connect/certs}
 * @param audience what every token's {@code aud} must contain
 * @param jwksRefetchFloorS the least time, in seconds, between two fetches of the realm's keys caused
 *     by tokens naming a key the broker does not hold, 1 or more
 * @param jwksRefreshS how often, in seconds, the keys are fetched anyway, 1 or more
 * @param jwksTimeoutMs the longest one fetch of the keys may take, in milliseconds, 1 or more
 * @param clockSkewS how far, in seconds, a token's or a DPoP proof's times may be off, 0 to 300
 * @param dpopProofLifetimeS how old, in seconds, a DPoP proof may be, 1 to 300
 * @param dpopReplayCapacity how many DPoP proof ids the replay guard remembers at once, 1 or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record IdentitySettings(
    Optional<URI> keycloakUrl,
    String audience,
    int jwksRefetchFloorS,
    int jwksRefreshS,
    int jwksTimeoutMs,
    int clockSkewS,
    int dpopProofLifetimeS,
    int dpopReplayCapacity) {

  private static final int FIVE_MINUTES_S = 300;

  public IdentitySettings {
    Check.present("keycloak_url", keycloakUrl);
    keycloakUrl.ifPresent(url -> {
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null
          || url.toString().endsWith("/")) {
        throw InvalidValue.of("keycloak_url", "must be an absolute http or https URL without a trailing slash", url);
      }
    });
    Check.text("audience", audience);
    Check.atLeast("jwks_refetch_floor_s", jwksRefetchFloorS, 1);
    Check.atLeast("jwks_refresh_s", jwksRefreshS, 1);
    Check.atLeast("jwks_timeout_ms", jwksTimeoutMs, 1);
    Check.atLeast("clock_skew_s", clockSkewS, 0);
    if (clockSkewS > FIVE_MINUTES_S) {
      throw InvalidValue.of("clock_skew_s", "must be at most " + FIVE_MINUTES_S, clockSkewS);
    }
    Check.atLeast("dpop_proof_lifetime_s", dpopProofLifetimeS, 1);
    if (dpopProofLifetimeS > FIVE_MINUTES_S) {
      throw InvalidValue.of("dpop_proof_lifetime_s", "must be at most " + FIVE_MINUTES_S, dpopProofLifetimeS);
    }
    Check.atLeast("dpop_replay_capacity", dpopReplayCapacity, 1);
  }

  /** The realm's URL as text: the issuer its tokens name. */
  public Optional<String> issuer() {
    return keycloakUrl.map(URI::toString);
  }

  /** {@link #jwksRefetchFloorS} as a duration. */
  public Duration jwksRefetchFloor() {
    return Duration.ofSeconds(jwksRefetchFloorS);
  }

  /** {@link #jwksRefreshS} as a duration. */
  public Duration jwksRefresh() {
    return Duration.ofSeconds(jwksRefreshS);
  }

  /** {@link #jwksTimeoutMs} as a duration. */
  public Duration jwksTimeout() {
    return Duration.ofMillis(jwksTimeoutMs);
  }

  /** {@link #clockSkewS} as a duration. */
  public Duration clockSkew() {
    return Duration.ofSeconds(clockSkewS);
  }

  /** {@link #dpopProofLifetimeS} as a duration. */
  public Duration dpopProofLifetime() {
    return Duration.ofSeconds(dpopProofLifetimeS);
  }
}
