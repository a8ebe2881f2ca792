package io.twinguard.broker.authentication;

import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Caller;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.registry.AuthMethod;
import io.twinguard.broker.registry.Twin;
import io.twinguard.signing.ca.ChainRejectedException;
import io.twinguard.signing.ca.SpiffeId;
import io.vertx.core.Future;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates a caller by its client certificate: the chain must lead to the ecosystem CA and
 * pass its CRL, the certificate's SPIFFE ID must be a registered twin, and the twin's registry
 * entry must allow mutual TLS.
 */
final class CertificateAuthentication {

  private final BrokerIdentity identity;
  private final Clock clock;

  CertificateAuthentication(BrokerIdentity identity, Clock clock) {
    this.identity = identity;
    this.clock = clock;
  }

  /** @param tokensAccepted whether a caller without a certificate could have come with a token instead */
  Future<Authenticated> authenticate(Ingress ingress, Catalog snapshot, boolean tokensAccepted) {
    List<X509Certificate> chain = ingress.peerChain();
    if (chain.isEmpty()) {
      return tokensAccepted
          ? new Refusal.Identity(new IdentityRefusal.CredentialsMissing("a client certificate of the ecosystem CA"
              + " or a sender-constrained access token (DPoP or certificate-bound) is required"), Optional.empty()).fail()
          : new Refusal.Unauthenticated("a client certificate of the ecosystem CA is required").fail();
    }
    SpiffeId id;
    try {
      id = identity.validator().validate(chain.toArray(X509Certificate[]::new), clock.instant());
    } catch (ChainRejectedException e) {
      return new Refusal.Unauthenticated("client certificate rejected: " + e.rejection().message()).fail();
    }
    Optional<Twin> caller = snapshot.registry().twinById(id.toString());
    if (caller.isEmpty()) {
      return new Refusal.Forbidden(id + " is not a registered twin").fail();
    }
    if (!caller.get().allows(AuthMethod.MTLS)) {
      return new Refusal.Identity(new IdentityRefusal.MethodNotAllowed(id + " may authenticate with an access token"
          + " only, as its registry entry says (auth: [token])"), Optional.of(id.toString())).fail();
    }
    return Future.succeededFuture(new Authenticated(ingress, snapshot,
        new Caller(caller.get(), "mtls", Optional.of(chain.get(0).getPublicKey()))));
  }
}
