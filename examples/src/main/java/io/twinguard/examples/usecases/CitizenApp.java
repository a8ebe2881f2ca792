package io.twinguard.examples.usecases;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URI;

/**
 * A citizen's app signed in at the realm, as the consent portal's API sees it: each request goes
 * with the citizen's Keycloak access token (and, for a sender-constrained token, its DPoP proof).
 * Obtaining the token is the app's business (the CI test signs alice in at the Keycloak that
 * scripts/test.sh starts). Implementations must not block; a transport failure fails the future.
 */
@FunctionalInterface
public interface CitizenApp {

  /**
   * An answer of the API.
   *
   * @param status the HTTP status
   * @param body the body as text
   */
  record Answer(int status, String body) {}

  /** Sends {@code method url} with the citizen's credentials and no body. */
  Future<Answer> send(HttpMethod method, URI url);
}
