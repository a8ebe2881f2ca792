package io.twinguard.broker.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;

/** Where the identity provider's realm publishes its signing keys (its JWK set, RFC 7517). */
@FunctionalInterface
public interface JwksSource {

  /** Fetches the keys now; fails when the provider does not answer with a JWK set. Never blocks. */
  Future<JWKSet> fetch();
}
