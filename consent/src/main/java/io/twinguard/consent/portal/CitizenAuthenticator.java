package io.twinguard.consent.portal;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * How the API knows a citizen app that comes without a portal session: the broker implements it
 * with its token verification (a Keycloak access token, sender-constrained, realm role {@code
 * citizen}) and the same {@link SubjectMapper}. Implementations must not block; the future always
 * succeeds with an {@link Outcome}.
 */
@FunctionalInterface
public interface CitizenAuthenticator {

  /** No other way in than the portal's session. */
  CitizenAuthenticator NONE = ctx -> Future.succeededFuture(new Outcome.Absent());

  Future<Outcome> authenticate(RoutingContext ctx);

  /** What the credentials of a request came to; each case has its one answer. */
  sealed interface Outcome {

    /** The request brings no credentials: 401, with how to authenticate. */
    record Absent() implements Outcome {}

    /** The credentials are a citizen's: the request goes on as them. */
    record Accepted(Citizen citizen) implements Outcome {}

    /** The credentials are refused (malformed, forged, expired, unbound): 401 saying why. */
    record Rejected(String detail) implements Outcome {}

    /** The credentials are valid but not a citizen's: 403. */
    record NotCitizen(String detail) implements Outcome {}

    /** The credentials cannot be checked now (the realm's keys cannot be fetched): 503. */
    record Unavailable(String detail) implements Outcome {}
  }
}
