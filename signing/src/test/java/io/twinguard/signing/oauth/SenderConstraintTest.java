package io.twinguard.signing.oauth;

import static io.twinguard.signing.oauth.TestTokens.AUDIENCE;
import static io.twinguard.signing.oauth.TestTokens.ISSUER;
import static io.twinguard.signing.oauth.TestTokens.NOW;
import static io.twinguard.signing.oauth.TestTokens.claims;
import static io.twinguard.signing.oauth.TestTokens.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.twinguard.signing.keys.Keys;
import io.twinguard.signing.oauth.TestTokens.IssuerKey;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sender constraint of a valid token: no cnf is refused, a DPoP or certificate binding must be proven. */
class SenderConstraintTest {

  private static final URI TARGET = URI.create("https://127.0.0.1:8443/twins/hvac-1/model/setpoint");
  private static final byte[] CERTIFICATE = {0x30, (byte) 0x82, 0x01, 0x0a, 0x42};

  private final IssuerKey rsa = TestTokens.issuerKey(TokenAlgorithm.RS256, "rsa-1");
  private final JWKSet keys = new JWKSet(List.of(rsa.publicJwk()));
  private final KeyPair twinKey = TestTokens.keyPair(TokenAlgorithm.ES256);
  private final String jkt = Keys.thumbprint(twinKey.getPublic());

  private AccessTokenVerifier verifier(Instant now) {
    return new AccessTokenVerifier(TokenExpectations.of(ISSUER, AUDIENCE),
        Clock.fixed(now, ZoneOffset.UTC), new SeenJtis());
  }

  private TokenRejection rejectionOf(String token) {
    String proof = TestTokens.proof(TokenAlgorithm.ES256, twinKey, "PUT", TARGET.toString(), NOW, token);
    return assertThrows(TokenRejectedException.class,
        () -> verifier(NOW).verify(PresentedToken.dpop(token, proof, "PUT", TARGET), keys)).rejection();
  }

  private JWTClaimsSet.Builder bound() {
    return claims().claim("cnf", Map.of("jkt", jkt));
  }

  @Test
  void verify_certificateBoundTokenWithItsCertificate_returnsCertificateBinding() throws Exception {
    String x5t = SenderConstraint.certificateThumbprint(CERTIFICATE);
    String token = token(rsa, claims().claim("cnf", Map.of("x5t#S256", x5t)).build());

    VerifiedToken verified = verifier(NOW).verify(
        PresentedToken.certificateBound(token, CERTIFICATE, "GET", TARGET), keys);

    assertEquals(new VerifiedToken.Binding.Certificate(x5t), verified.binding());
  }

  @Test
  void verify_certificateBoundTokenWithoutCertificate_isRefusedAsCertificateMissing() {
    String token = token(rsa, claims().claim("cnf", Map.of("x5t#S256", "abc")).build());
    PresentedToken presented = new PresentedToken(AuthScheme.BEARER, token, Optional.empty(), "GET",
        TARGET, Optional.empty());

    TokenRejectedException e = assertThrows(TokenRejectedException.class,
        () -> verifier(NOW).verify(presented, keys));

    assertInstanceOf(TokenRejection.CertificateMissing.class, e.rejection());
  }

  @Test
  void verify_certificateBoundTokenWithAnotherCertificate_isRefusedAsCertificateMismatch() {
    String bound = SenderConstraint.certificateThumbprint(CERTIFICATE);
    String token = token(rsa, claims().claim("cnf", Map.of("x5t#S256", bound)).build());

    TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier(NOW)
        .verify(PresentedToken.certificateBound(token, new byte[] {0x30, 0x01}, "GET", TARGET), keys));

    assertEquals(bound, assertInstanceOf(TokenRejection.CertificateMismatch.class, e.rejection())
        .boundThumbprint());
  }

  @Test
  void verify_tokenWithoutCnf_isRefusedAsUnbound() {
    assertInstanceOf(TokenRejection.Unbound.class, rejectionOf(token(rsa, claims().build())));
  }

  @Test
  void verify_dpopBoundTokenUnderBearerScheme_isRefusedAsWrongScheme() {
    String token = token(rsa, bound().build());
    String proof = TestTokens.proof(TokenAlgorithm.ES256, twinKey, "PUT", TARGET.toString(), NOW, token);
    PresentedToken presented = new PresentedToken(AuthScheme.BEARER, token, Optional.of(proof), "PUT",
        TARGET, Optional.empty());

    TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier(NOW).verify(presented, keys));

    assertEquals(new TokenRejection.WrongScheme(AuthScheme.BEARER), e.rejection());
  }

  @Test
  void verify_dpopBoundTokenWithoutProof_isRefusedAsProofMissing() {
    String token = token(rsa, bound().build());
    PresentedToken stolen = new PresentedToken(AuthScheme.DPOP, token, Optional.empty(), "PUT", TARGET,
        Optional.empty());

    TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier(NOW).verify(stolen, keys));

    assertInstanceOf(TokenRejection.DpopProofMissing.class, e.rejection());
  }
}
