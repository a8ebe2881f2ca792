package io.twinguard.broker.authentication;

import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.signing.oauth.AuthScheme;
import io.twinguard.signing.oauth.PresentedToken;
import io.twinguard.signing.oauth.TokenRejection;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Reads the access token a request presents: one {@code Authorization} header of the DPoP or
 * Bearer scheme, at most one {@code DPoP} proof (RFC 9449 section 4.3), the request's method and
 * absolute URI (what a proof's {@code htm} and {@code htu} must name) and the TLS client
 * certificate (what a certificate-bound token must name, RFC 8705). Shared by the call pipeline and
 * the broker's own APIs. Never echoes what the request sent.
 */
public final class Credentials {

  /** The header of the access token. */
  public static final String AUTHORIZATION = "Authorization";

  /** The header of the DPoP proof. */
  public static final String DPOP = "DPoP";

  private Credentials() {}

  /** Whether the request presents a token at all (then it authenticates with it, not with its certificate). */
  public static boolean presentsToken(MultiMap headers) {
    return headers.contains(AUTHORIZATION);
  }

  /**
   * The token the request presents.
   *
   * @param targetUri the request's absolute URI as the broker received it
   * @param peerChain the TLS client certificate chain, leaf first (possibly empty)
   * @return the token; a failed future carrying a {@link Refusal.Identity} when the headers are unusable
   */
  public static Future<PresentedToken> presented(MultiMap headers, String method, String targetUri,
      List<X509Certificate> peerChain) {
    List<String> authorization = headers.getAll(AUTHORIZATION);
    if (authorization.size() != 1) {
      return rejected(new TokenRejection.Malformed("a request carries exactly one Authorization header"));
    }
    String[] parts = authorization.get(0).strip().split(" +", 2);
    Optional<AuthScheme> scheme = AuthScheme.parse(parts[0]);
    if (scheme.isEmpty()) {
      return new Refusal.Identity(new IdentityRefusal.CredentialsMissing("the Authorization scheme is neither DPoP"
          + " (RFC 9449) nor Bearer with a certificate-bound token (RFC 8705)"), Optional.empty()).fail();
    }
    if (parts.length < 2 || parts[1].isBlank()) {
      return rejected(new TokenRejection.Malformed("the Authorization header holds no token"));
    }
    List<String> proofs = headers.getAll(DPOP);
    if (proofs.size() > 1) {
      return rejected(new TokenRejection.DpopProofInvalid("a request carries at most one DPoP header"));
    }
    URI target;
    try {
      target = URI.create(targetUri);
    } catch (IllegalArgumentException e) {
      return new Refusal.BadRequest("the request target cannot be read").fail();
    }
    Optional<byte[]> certificate;
    try {
      certificate = peerChain.isEmpty() ? Optional.empty() : Optional.of(peerChain.get(0).getEncoded());
    } catch (CertificateEncodingException e) {
      return new Refusal.Unauthenticated("the client certificate cannot be read").fail();
    }
    if (!target.isAbsolute()) {
      return new Refusal.BadRequest("the request target cannot be made absolute").fail();
    }
    return Future.succeededFuture(new PresentedToken(scheme.get(), parts[1].strip(),
        proofs.stream().findFirst(), method, target, certificate));
  }

  private static <T> Future<T> rejected(TokenRejection rejection) {
    return new Refusal.Identity(new IdentityRefusal.TokenRejected(rejection), Optional.empty()).fail();
  }
}
