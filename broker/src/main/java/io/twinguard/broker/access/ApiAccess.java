package io.twinguard.broker.access;

import io.twinguard.broker.authentication.Credentials;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.oidc.IdentityProvider;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refusals;
import io.twinguard.broker.server.Refuse;
import io.twinguard.signing.ca.ChainRejectedException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may use the broker's own APIs, by role: an administrator named in the {@code admins} setting
 * with a certificate of the ecosystem CA (all roles but citizen, see {@link
 * ApiCaller.Administrator}), or the holder of a sender-constrained access token of the identity
 * provider with the realm role (a person who logged in, a script). A request that presents a token
 * is judged by the token alone.
 *
 * <p>Refusals: 401 problem+json with a {@code WWW-Authenticate} challenge when no credentials came
 * or the token was refused (each reason its own problem type), 401 for a rejected certificate, 403
 * for a certificate that is no administrator's or a token without the role, 503 when the token
 * needs a key the broker does not hold and the identity provider is down. Every refusal is recorded
 * by the refusal writer, naming the asker when it was established. Thread-safe.
 */
public final class ApiAccess {

  private static final String CALLER = "twinguard.api_caller";

  private final BrokerIdentity identity;
  private final Set<String> admins;
  private final Optional<IdentityProvider> provider;
  private final Clock clock;

  /**
   * @param admins the administrators' SPIFFE IDs
   * @param provider the identity provider whose tokens are accepted, if any
   */
  public ApiAccess(BrokerIdentity identity, Set<String> admins, Optional<IdentityProvider> provider, Clock clock) {
    this.identity = identity;
    this.admins = Set.copyOf(admins);
    this.provider = provider;
    this.clock = clock;
  }

  /**
   * A handler that passes on askers holding {@code role} and refuses everyone else through {@code
   * refuse}. Once past it, {@link #caller} names the asker; the asker's id is kept under {@link
   * Refuse#CALLER} either way, so that the record of a refusal names who asked.
   */
  public Handler<RoutingContext> require(Role role, BiConsumer<RoutingContext, Refusal> refuse) {
    return ctx -> authenticate(ctx.request()).onComplete(done -> {
      if (done.failed()) {
        Refusal refusal = Refusals.of(done.cause(), Refuse.decisionId(ctx));
        if (refusal instanceof Refusal.Identity refused) {
          refused.asker().ifPresent(asker -> ctx.put(Refuse.CALLER, asker));
        }
        refuse.accept(ctx, refusal);
        return;
      }
      ApiCaller caller = done.result();
      ctx.put(Refuse.CALLER, caller.id());
      if (!caller.has(role)) {
        refuse.accept(ctx, caller instanceof ApiCaller.TokenHolder
            ? new Refusal.Identity(new IdentityRefusal.RoleRequired(role.wireName()), Optional.of(caller.id()))
            : new Refusal.Forbidden(caller.id() + (caller instanceof ApiCaller.Administrator
                ? " is an administrator, which does not make it a " + role.wireName()
                : " is not an administrator of this broker")));
        return;
      }
      ctx.put(CALLER, caller);
      ctx.next();
    });
  }

  /** The asker a {@link #require} handler let through for this request. */
  public static ApiCaller caller(RoutingContext ctx) {
    ApiCaller caller = ctx.get(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no asker: the route is not behind ApiAccess.require");
    }
    return caller;
  }

  /**
   * Who asks: the holder of the token the request presents, or else the holder of the certificate
   * its connection presented (an administrator or not).
   *
   * @return the asker; a failed future carrying the {@link Refusal} otherwise
   */
  public Future<ApiCaller> authenticate(HttpServerRequest request) {
    List<X509Certificate> chain = chain(request);
    if (Credentials.presentsToken(request.headers())) {
      if (provider.isEmpty()) {
        return new Refusal.Unauthenticated("this broker accepts no access tokens (it has no identity provider);"
            + " use an administrator's certificate of the ecosystem CA").fail();
      }
      IdentityProvider realm = provider.get();
      return Credentials.presented(request.headers(), request.method().name(), request.absoluteURI(), chain)
          .compose(realm::verify)
          .map(token -> new ApiCaller.TokenHolder(realm.issuer(), token));
    }
    if (chain.isEmpty()) {
      return provider.isPresent()
          ? new Refusal.Identity(new IdentityRefusal.CredentialsMissing("a sender-constrained access token"
              + " (DPoP or certificate-bound) or an administrator's certificate of the ecosystem CA is required"),
              Optional.empty()).fail()
          : new Refusal.Unauthenticated("an administrator's certificate of the ecosystem CA is required").fail();
    }
    String id;
    try {
      id = identity.validator().validate(chain.toArray(X509Certificate[]::new), clock.instant()).toString();
    } catch (ChainRejectedException e) {
      return new Refusal.Unauthenticated("client certificate rejected: " + e.rejection().message()).fail();
    }
    return Future.succeededFuture(admins.contains(id) ? new ApiCaller.Administrator(id) : new ApiCaller.Certified(id));
  }

  private static List<X509Certificate> chain(HttpServerRequest request) {
    try {
      List<Certificate> chain = request.connection().peerCertificates();
      return chain == null ? List.of() : chain.stream()
          .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return List.of();
    }
  }
}
