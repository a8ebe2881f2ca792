package io.twinguard.broker.authentication;

import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authenticates the caller, by the access token it presents ({@code Authorization}) or else by its
 * client certificate, and takes the registry snapshot the rest of the call resolves against.
 *
 * <ul>
 *   <li>Certificate: the chain leads to the ecosystem CA and passes its CRL, its SPIFFE ID is a
 *       registered twin whose entry allows {@code mtls}.
 *   <li>Token (only with an identity provider): a sender-constrained access token, DPoP-bound
 *       (RFC 9449) or bound to the TLS client certificate (RFC 8705), valid for the broker's
 *       audience, whose client is the {@code client_id} of a registered twin whose entry allows
 *       {@code token}. A bearer token alone is refused.
 * </ul>
 *
 * A request that presents a token is judged by the token alone; without an identity provider it
 * is refused rather than let in on its certificate. Every refusal names its own problem type.
 */
public final class Authenticate implements Step<Ingress, Authenticated> {

  private final Supplier<Catalog> catalog;
  private final CertificateAuthentication certificates;
  private final Optional<TokenAuthentication> tokens;

  /** Certificates only: there is no identity provider. */
  public Authenticate(Supplier<Catalog> catalog, BrokerIdentity identity, Clock clock) {
    this(catalog, identity, Optional.empty(), clock);
  }

  /**
   * @param catalog the registry in force; read once per call
   * @param provider the identity provider whose tokens are accepted, if any
   */
  public Authenticate(Supplier<Catalog> catalog, BrokerIdentity identity, Optional<IdentityProvider> provider,
      Clock clock) {
    this.catalog = catalog;
    this.certificates = new CertificateAuthentication(identity, clock);
    this.tokens = provider.map(TokenAuthentication::new);
  }

  @Override
  public Future<Authenticated> apply(Ingress ingress) {
    Catalog snapshot = catalog.get();
    if (!Credentials.presentsToken(ingress.headers())) {
      return certificates.authenticate(ingress, snapshot, tokens.isPresent());
    }
    return tokens.map(token -> token.authenticate(ingress, snapshot))
        .orElseGet(() -> new Refusal.Unauthenticated("this broker accepts no access tokens (it has no identity"
            + " provider); authenticate with a client certificate of the ecosystem CA").fail());
  }
}
