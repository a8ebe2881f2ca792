package io.twinguard.signing.oauth;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.twinguard.signing.oauth.TokenRejection.CertificateMismatch;
import io.twinguard.signing.oauth.TokenRejection.CertificateMissing;
import io.twinguard.signing.oauth.TokenRejection.DpopProofMissing;
import io.twinguard.signing.oauth.TokenRejection.Malformed;
import io.twinguard.signing.oauth.TokenRejection.Unbound;
import io.twinguard.signing.oauth.TokenRejection.WrongScheme;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The sender constraint of a token whose signature and claims passed: its {@code cnf} claim
 * names a DPoP key ({@code jkt}, RFC 9449) or a client certificate ({@code x5t#S256}, RFC 8705),
 * and the request must prove it. A token with no {@code cnf} is a bearer token and is refused.
 * When a token names both, both are checked.
 */
final class SenderConstraint {

  private final DpopProofVerifier dpop;

  SenderConstraint(DpopProofVerifier dpop) {
    this.dpop = dpop;
  }

  VerifiedToken.Binding check(PresentedToken presented, JWTClaimsSet claims)
      throws TokenRejectedException {
    Map<String, Object> cnf;
    try {
      cnf = claims.getJSONObjectClaim("cnf");
    } catch (ParseException e) {
      throw AccessTokenVerifier.rejected(new Malformed("cnf is not a JSON object"));
    }
    Optional<String> jkt = member(cnf, "jkt");
    Optional<String> x5t = member(cnf, "x5t#S256");
    if (jkt.isEmpty() && x5t.isEmpty()) {
      throw AccessTokenVerifier.rejected(new Unbound());
    }
    AuthScheme wanted = jkt.isPresent() ? AuthScheme.DPOP : AuthScheme.BEARER;
    if (presented.scheme() != wanted) {
      throw AccessTokenVerifier.rejected(new WrongScheme(presented.scheme()));
    }
    if (x5t.isPresent()) {
      checkCertificate(presented, x5t.get());
    }
    if (jkt.isPresent()) {
      String proof = presented.dpopProof()
          .orElseThrow(() -> AccessTokenVerifier.rejected(new DpopProofMissing()));
      dpop.verify(proof, presented.method(), presented.targetUri(),
          Optional.of(presented.accessToken()), jkt);
      return new VerifiedToken.Binding.Dpop(jkt.get());
    }
    return new VerifiedToken.Binding.Certificate(x5t.get());
  }

  private static void checkCertificate(PresentedToken presented, String bound)
      throws TokenRejectedException {
    byte[] der = presented.clientCertificateDer()
        .orElseThrow(() -> AccessTokenVerifier.rejected(new CertificateMissing()));
    String presentedThumbprint = certificateThumbprint(der);
    if (!MessageDigest.isEqual(presentedThumbprint.getBytes(StandardCharsets.US_ASCII),
        bound.getBytes(StandardCharsets.US_ASCII))) {
      throw AccessTokenVerifier.rejected(new CertificateMismatch(presentedThumbprint, bound));
    }
  }

  /** RFC 8705 section 3.1: base64url (no padding) of SHA-256 over the certificate's DER. */
  static String certificateThumbprint(byte[] der) {
    try {
      return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static Optional<String> member(Map<String, Object> cnf, String name)
      throws TokenRejectedException {
    if (cnf == null || cnf.get(name) == null) {
      return Optional.empty();
    }
    if (cnf.get(name) instanceof String value && !value.isBlank()) {
      return Optional.of(value);
    }
    throw AccessTokenVerifier.rejected(new Malformed("cnf." + name + " is not a string"));
  }
}
