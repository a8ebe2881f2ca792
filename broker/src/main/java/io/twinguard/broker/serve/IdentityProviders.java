package io.twinguard.broker.serve;

import static io.twinguard.broker.serve.Running.await;

import io.twinguard.broker.oidc.HttpJwksSource;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.oidc.JwksSource;
import io.twinguard.broker.oidc.RealmKeys;
import io.twinguard.common.settings.IdentitySettings;
import io.twinguard.signing.oauth.AccessTokenVerifier;
import io.twinguard.signing.oauth.ReplayCache;
import io.twinguard.signing.oauth.TokenAlgorithm;
import io.twinguard.signing.oauth.TokenExpectations;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The identity provider {@code twinguard serve} wires in from {@code identity.*}: none without
 * {@code identity.keycloak_url}; else the Keycloak realm at that URL, whose keys are fetched once at
 * start and every {@code identity.jwks_refresh_s}. The broker starts even when Keycloak does not
 * answer: certificates work, and tokens wait for the realm's keys. Public so that end-to-end tests
 * build the provider exactly as {@code serve} does.
 */
public final class IdentityProviders {

  private static final Logger LOG = Logger.getLogger(IdentityProviders.class.getName());

  private IdentityProviders() {}

  /**
   * The provider of the settings, its first fetch of the realm's keys done (or failed); blocks
   * until then, so never call it on an event loop.
   */
  public static Optional<IdentityProvider> start(Vertx vertx, IdentitySettings settings, Clock clock) {
    if (settings.issuer().isEmpty()) {
      return Optional.empty();
    }
    String issuer = settings.issuer().get();
    return Optional.of(start(vertx, settings, clock, HttpJwksSource.keycloak(vertx, issuer, settings.jwksTimeout())));
  }

  /**
   * The provider of the settings with its keys from {@code source} (a JWKS URL that differs from
   * the realm's own, as when Keycloak is reached through a relay); blocks like the other.
   *
   * @throws java.util.NoSuchElementException when the settings name no realm
   */
  public static IdentityProvider start(Vertx vertx, IdentitySettings settings, Clock clock, JwksSource source) {
    String issuer = settings.issuer().orElseThrow();
    RealmKeys keys = new RealmKeys(source, clock, settings.jwksRefetchFloor());
    TokenExpectations expectations = new TokenExpectations(issuer, settings.audience(),
        EnumSet.allOf(TokenAlgorithm.class), settings.clockSkew(), settings.dpopProofLifetime());
    IdentityProvider provider = new IdentityProvider(issuer, keys,
        new AccessTokenVerifier(expectations, clock, new ReplayCache(clock, settings.dpopReplayCapacity())));
    await(keys.refresh().otherwiseEmpty());
    vertx.setPeriodic(settings.jwksRefresh().toMillis(), id -> keys.refresh().onFailure(failure -> LOG.warning(
        "the keys of " + issuer + " were not fetched, the " + keys.status().keys() + " held stay in force: "
            + failure.getMessage())));
    return provider;
  }

  /** The identity provider as the start-up line names it. */
  static String describe(Optional<IdentityProvider> provider) {
    if (provider.isEmpty()) {
      return "no identity provider (identity.keycloak_url unset)";
    }
    RealmKeys.Status status = provider.get().keys().status();
    return "identity provider " + provider.get().issuer() + (status.reachable()
        ? " (" + status.keys() + " keys)"
        : " (not answering: " + status.lastFailure().orElse("") + "; tokens wait for its keys)");
  }
}
