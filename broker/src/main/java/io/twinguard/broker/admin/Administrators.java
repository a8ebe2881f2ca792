package io.twinguard.broker.admin;

import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.server.Refuse;
import io.twinguard.signing.ca.ChainRejectedException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may use the broker's own APIs (the admin API, the audit API): the SPIFFE IDs named as
 * administrators, proven by a client certificate of the ecosystem CA that passes its CRL.
 */
public final class Administrators {

  /** The routing context key under which an admitted administrator's SPIFFE ID is kept. */
  public static final String ID = Refuse.CALLER;

  private final BrokerIdentity identity;
  private final Set<String> admins;
  private final Clock clock;

  public Administrators(BrokerIdentity identity, Set<String> admins, Clock clock) {
    this.identity = identity;
    this.admins = Set.copyOf(admins);
    this.clock = clock;
  }

  /**
   * A handler that passes administrators on and refuses everyone else through {@code problems}:
   * unauthenticated without a valid certificate, forbidden for a twin that is no administrator. A
   * validated asker's SPIFFE ID is kept under {@link #ID} either way, so that the record of a
   * refusal names who asked.
   */
  public Handler<RoutingContext> gate(BiConsumer<RoutingContext, Refusal> problems) {
    return ctx -> {
      String id;
      try {
        List<Certificate> chain = ctx.request().connection().peerCertificates();
        id = identity.validator().validate(chain.stream().map(X509Certificate.class::cast)
            .toArray(X509Certificate[]::new), clock.instant()).toString();
      } catch (SSLPeerUnverifiedException | ChainRejectedException | ClassCastException | NullPointerException e) {
        problems.accept(ctx, new Refusal.Unauthenticated("an administrator's certificate of the ecosystem CA is required"));
        return;
      }
      ctx.put(ID, id);
      if (!admins.contains(id)) {
        problems.accept(ctx, new Refusal.Forbidden(id + " is not an administrator of this broker"));
        return;
      }
      ctx.next();
    };
  }
}
