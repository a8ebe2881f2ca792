package io.twinguard.broker.authentication;

import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Caller;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.registry.AuthMethod;
import io.twinguard.broker.registry.Twin;
import io.twinguard.signing.oauth.VerifiedToken;
import io.vertx.core.Future;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Authenticates a caller by its access token: the token and its sender constraint must verify
 * against the identity provider ({@link IdentityProvider}), its client must be the {@code
 * client_id} of a registered twin, and the twin's registry entry must allow tokens. A
 * certificate-bound token's certificate is the twin's key for RFC 9421 signatures; a DPoP-bound
 * token gives none, so such a twin cannot make calls that require its signature.
 */
final class TokenAuthentication {

  /** How the policies see a caller that came with a token. */
  static final String AUTH = "oidc";

  private final IdentityProvider provider;

  TokenAuthentication(IdentityProvider provider) {
    this.provider = provider;
  }

  Future<Authenticated> authenticate(Ingress ingress, Catalog snapshot) {
    return Credentials.presented(ingress.headers(), ingress.method(), ingress.targetUri(), ingress.peerChain())
        .compose(provider::verify)
        .compose(token -> caller(ingress, snapshot, token));
  }

  private static Future<Authenticated> caller(Ingress ingress, Catalog snapshot, VerifiedToken token) {
    Optional<Twin> twin = snapshot.registry().twinByClient(token.clientId());
    if (twin.isEmpty()) {
      return new Refusal.Identity(new IdentityRefusal.UnknownClient(token.clientId()),
          Optional.of(IdentityProvider.holder(token))).fail();
    }
    if (!twin.get().allows(AuthMethod.TOKEN)) {
      return new Refusal.Identity(new IdentityRefusal.MethodNotAllowed(twin.get().id() + " may authenticate with"
          + " its certificate only, as its registry entry says (auth: [mtls])"), Optional.of(twin.get().id())).fail();
    }
    Optional<PublicKey> signatureKey = token.binding() instanceof VerifiedToken.Binding.Certificate
        ? Optional.of(ingress.peerChain().get(0).getPublicKey())
        : Optional.empty();
    return Future.succeededFuture(new Authenticated(ingress, snapshot, new Caller(twin.get(), AUTH, signatureKey)));
  }
}
