package io.twinguard.broker.oidc;

import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.server.Readiness;
import io.twinguard.signing.oauth.AccessTokenVerifier;
import io.twinguard.signing.oauth.PresentedToken;
import io.twinguard.signing.oauth.TokenRejectedException;
import io.twinguard.signing.oauth.TokenRejection;
import io.twinguard.signing.oauth.VerifiedToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity provider whose access tokens the broker accepts: a Keycloak realm (its issuer and
 * its keys) and the checks of {@code signing.oauth} (signature, issuer, audience, times, and the
 * DPoP or certificate binding). A token naming a key the broker does not hold makes it fetch the
 * realm's keys again (at most once per floor, see {@link RealmKeys}) and verify once more.
 *
 * <p>Refusals are {@link Refusal.Identity} failures: the token's own reason, or {@link
 * IdentityRefusal.ProviderUnavailable} (503) when the token needs a key the broker does not hold
 * and the provider could not be asked. Tokens signed with keys already held keep working while
 * the provider is down. Thread-safe; never blocks; a future completes on the caller's Vert.x
 * context.
 */
public final class IdentityProvider {

  private final String issuer;
  private final RealmKeys keys;
  private final AccessTokenVerifier verifier;

  /**
   * @param issuer the realm's issuer, as the verifier expects it
   * @param keys the realm's keys
   * @param verifier checks tokens against the realm's expectations, with its DPoP replay guard
   */
  public IdentityProvider(String issuer, RealmKeys keys, AccessTokenVerifier verifier) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  /**
   * How records and logs name the holder of a verified token that is no twin (a person, a script's
   * client): {@code user:} and the token's {@code sub}, the realm's pseudonymous id of the user or
   * service account, never its name.
   */
  public static String holder(VerifiedToken token) {
    return "user:" + token.subject();
  }

  /** The realm's issuer ({@code iss}). */
  public String issuer() {
    return issuer;
  }

  /** The realm's keys, to refresh and report. */
  public RealmKeys keys() {
    return keys;
  }

  /**
   * Verifies a token as presented with a request.
   *
   * @return the verified token; a failed future carrying a {@link Refusal.Identity} otherwise
   */
  public Future<VerifiedToken> verify(PresentedToken presented) {
    TokenRejection unknownKey;
    try {
      return Future.succeededFuture(verifier.verify(presented, keys.keys()));
    } catch (TokenRejectedException e) {
      if (!(e.rejection() instanceof TokenRejection.UnknownKey)) {
        return rejected(e.rejection());
      }
      unknownKey = e.rejection();
    }
    Context caller = Vertx.currentContext();
    Future<VerifiedToken> again = keys.refetch().compose(refetch -> afterRefetch(refetch, presented, unknownKey));
    return caller == null ? again : backOn(caller, again);
  }

  private Future<VerifiedToken> afterRefetch(RealmKeys.Refetch refetch, PresentedToken presented,
      TokenRejection unknownKey) {
    if (refetch instanceof RealmKeys.Refetch.Fetched fetched) {
      try {
        return Future.succeededFuture(verifier.verify(presented, fetched.keys()));
      } catch (TokenRejectedException e) {
        return rejected(e.rejection());
      }
    }
    if (refetch instanceof RealmKeys.Refetch.TooSoon tooSoon && !tooSoon.providerDown()) {
      return rejected(unknownKey);
    }
    return new Refusal.Identity(new IdentityRefusal.ProviderUnavailable(
        "the access token is signed by a key the broker does not hold, and the identity provider "
            + issuer + " could not be asked for its keys; try again later"), Optional.empty()).fail();
  }

  private static Future<VerifiedToken> rejected(TokenRejection rejection) {
    return new Refusal.Identity(new IdentityRefusal.TokenRejected(rejection), Optional.empty()).fail();
  }

  /** {@code result} completed on {@code context}: a fetch completes on the HTTP client's thread. */
  private static <T> Future<T> backOn(Context context, Future<T> result) {
    Promise<T> promise = Promise.promise();
    result.onComplete(done -> context.runOnContext(v -> promise.handle(done)));
    return promise.future();
  }

  /**
   * The provider for {@code /ready}, named {@code identity}: ready while the broker holds keys to
   * verify tokens with; the detail says whether the provider answered the latest fetch.
   */
  public Readiness readiness() {
    return () -> {
      RealmKeys.Status status = keys.status();
      JsonObject detail = new JsonObject()
          .put("issuer", issuer)
          .put("keys", status.keys())
          .put("reachable", status.reachable());
      status.fetchedAt().ifPresent(at -> detail.put("fetched_at", at.toString()));
      status.lastFailure().filter(failure -> !status.reachable())
          .ifPresent(failure -> detail.put("last_failure", failure));
      return new Readiness.Check("identity", status.keys() > 0, detail);
    };
  }
}
