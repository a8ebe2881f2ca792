package io.twinguard.broker.authentication;

import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Caller;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.registry.Twin;
import io.twinguard.signing.ca.ChainRejectedException;
import io.twinguard.signing.ca.SpiffeId;
import io.vertx.core.Future;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authenticates the caller by its client certificate: the chain must lead to the ecosystem CA and
 * pass its CRL, and the certificate's SPIFFE ID must be a registered twin. Takes the registry
 * snapshot the rest of the call resolves against.
 */
public final class Authenticate implements Step<Ingress, Authenticated> {

  private final Supplier<Catalog> catalog;
  private final BrokerIdentity identity;
  private final Clock clock;

  /** @param catalog the registry in force; read once per call */
  public Authenticate(Supplier<Catalog> catalog, BrokerIdentity identity, Clock clock) {
    this.catalog = catalog;
    this.identity = identity;
    this.clock = clock;
  }

  @Override
  public Future<Authenticated> apply(Ingress ingress) {
    Catalog snapshot = catalog.get();
    List<X509Certificate> chain = ingress.peerChain();
    if (chain.isEmpty()) {
      return new Refusal.Unauthenticated("a client certificate of the ecosystem CA is required").fail();
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
    return Future.succeededFuture(new Authenticated(ingress, snapshot,
        new Caller(caller.get(), "mtls", Optional.of(chain.get(0).getPublicKey()))));
  }
}
