package io.twinguard.consent.portal;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * How the API knows a citizen app that comes without a portal session: the broker implements it
 * with its token verification (a Keycloak access token, sender-constrained, realm role
 * {@code citizen}) and the same {@link SubjectMapper}. Empty: not authenticated (401).
 */
@FunctionalInterface
public interface CitizenAuthenticator {

  /** No other way in than the portal's session. */
  CitizenAuthenticator NONE = ctx -> Future.succeededFuture(Optional.empty());

  Future<Optional<Citizen>> authenticate(RoutingContext ctx);
}
