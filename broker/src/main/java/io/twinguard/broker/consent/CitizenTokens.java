package io.twinguard.broker.consent;

import com.nimbusds.jose.jwk.JWKSet;
import io.twinguard.consent.portal.Citizen;
import io.twinguard.consent.portal.CitizenAuthenticator;
import io.twinguard.consent.portal.SubjectMapper;
import io.twinguard.signing.oauth.AccessTokenVerifier;
import io.twinguard.signing.oauth.AuthScheme;
import io.twinguard.signing.oauth.PresentedToken;
import io.twinguard.signing.oauth.TokenRejectedException;
import io.twinguard.signing.oauth.TokenRejection;
import io.twinguard.signing.oauth.VerifiedToken;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Citizen apps on the consent API: a Keycloak access token of the realm, sender-constrained (DPoP,
 * RFC 9449, or bound to the TLS client certificate, RFC 8705), verified by {@code signing}'s
 * {@link AccessTokenVerifier} against the realm's keys, holding the realm role {@code citizen}; its
 * {@code sub} becomes the pseudonymous subject through the same {@link SubjectMapper} as the
 * portal's login, so an app sees exactly what its user sees in the pages.
 *
 * <p>A bearer token without its binding, an expired, forged or foreign one is rejected (401); a
 * valid token without the role is not a citizen's (403); a token whose key the realm's keys do not
 * hold while Keycloak cannot be reached is unavailable (503). Never blocks.
 */
public final class CitizenTokens implements CitizenAuthenticator {

  /** The realm role a citizen holds. */
  public static final String CITIZEN_ROLE = "citizen";

  private final RealmKeys keys;
  private final AccessTokenVerifier verifier;
  private final SubjectMapper subjects;
  private final String issuer;
  private final URI origin;

  /**
   * @param issuer the realm's issuer, as the portal's login maps subjects with it
   * @param publicUrl where clients reach the API; its scheme, host and port with the request's
   *     path are the target URI a DPoP proof must name
   */
  public CitizenTokens(RealmKeys keys, AccessTokenVerifier verifier, SubjectMapper subjects, String issuer,
      URI publicUrl) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.subjects = Objects.requireNonNull(subjects, "subjects");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.origin = URI.create(publicUrl.getScheme() + "://" + publicUrl.getRawAuthority());
  }

  @Override
  public Future<Outcome> authenticate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    List<String> authorization = request.headers().getAll("authorization");
    if (authorization.isEmpty()) {
      return Future.succeededFuture(new Outcome.Absent());
    }
    PresentedToken presented;
    try {
      presented = presented(request, authorization);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Outcome.Rejected(e.getMessage()));
    }
    return keys.current()
        .compose(set -> verify(presented, set)
            .recover(failure -> failure instanceof TokenRejectedException rejected
                && rejected.rejection() instanceof TokenRejection.UnknownKey
                ? keys.refreshed().compose(again -> verify(presented, again))
                : Future.failedFuture(failure)))
        .map(this::outcome)
        .otherwise(failure -> failure instanceof TokenRejectedException rejected
            ? rejection(rejected.rejection())
            : new Outcome.Unavailable("the identity provider's keys cannot be fetched"));
  }

  private Future<VerifiedToken> verify(PresentedToken presented, JWKSet set) {
    try {
      return Future.succeededFuture(verifier.verify(presented, set));
    } catch (TokenRejectedException e) {
      return Future.failedFuture(e);
    }
  }

  private Outcome outcome(VerifiedToken token) {
    if (!token.roles().contains(CITIZEN_ROLE)) {
      return new Outcome.NotCitizen("the consent API is for citizens (realm role " + CITIZEN_ROLE + ")");
    }
    return new Outcome.Accepted(new Citizen(subjects.subjectOf(issuer, token.subject()),
        token.username().orElse(CITIZEN_ROLE)));
  }

  private Outcome rejection(TokenRejection rejection) {
    if (rejection instanceof TokenRejection.UnknownKey && keys.lastFetchFailed()) {
      return new Outcome.Unavailable("the token's key is unknown and the identity provider cannot be reached");
    }
    return new Outcome.Rejected(rejection.message());
  }

  private PresentedToken presented(HttpServerRequest request, List<String> authorization) {
    if (authorization.size() > 1) {
      throw new IllegalArgumentException("one Authorization header, not " + authorization.size());
    }
    String[] parts = authorization.get(0).strip().split(" +", 2);
    AuthScheme scheme = AuthScheme.parse(parts[0])
        .orElseThrow(() -> new IllegalArgumentException("the Authorization scheme is DPoP or Bearer"));
    if (parts.length != 2 || parts[1].isBlank()) {
      throw new IllegalArgumentException("the Authorization header carries no token");
    }
    List<String> proofs = request.headers().getAll("dpop");
    if (proofs.size() > 1) {
      throw new IllegalArgumentException("one DPoP header, not " + proofs.size());
    }
    URI target = origin.resolve(request.path());
    return new PresentedToken(scheme, parts[1].strip(), proofs.stream().findFirst(), request.method().name(), target,
        clientCertificate(request));
  }

  private static Optional<byte[]> clientCertificate(HttpServerRequest request) {
    if (!request.isSSL()) {
      return Optional.empty();
    }
    try {
      List<Certificate> chain = request.connection().peerCertificates();
      return chain == null || chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0).getEncoded());
    } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
      return Optional.empty();
    }
  }
}
