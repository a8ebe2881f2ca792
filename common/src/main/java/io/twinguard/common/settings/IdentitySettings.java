package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where people and apps log in ({@code identity.*}): the Keycloak realm whose access tokens the
 * broker accepts.
 *
 * @param keycloakUrl the realm's URL, which is also its tokens' issuer, such as {@code
 *     http://127.0.0.1:18080/realms/twinguard}; empty: no Keycloak (the consent portal and the
 *     citizen API are off)
 * @param audience the value an access token's {@code aud} must contain
 * @param jwksRefetchFloorS the shortest time, in seconds, between two fetches of the realm's keys,
 *     1 or more: a flood of unknown key ids cannot hammer Keycloak
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record IdentitySettings(Optional<URI> keycloakUrl, String audience, int jwksRefetchFloorS) {

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
  }

  /** {@link #jwksRefetchFloorS} as a duration. */
  public Duration jwksRefetchFloor() {
    return Duration.ofSeconds(jwksRefetchFloorS);
  }
}
