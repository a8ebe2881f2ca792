package io.twinguard.tests.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.signing.oauth.AccessTokenVerifier;
import io.twinguard.signing.oauth.PresentedToken;
import io.twinguard.signing.oauth.TokenExpectations;
import io.twinguard.signing.oauth.TokenRejectedException;
import io.twinguard.signing.oauth.TokenRejection;
import io.twinguard.signing.oauth.VerifiedToken;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 8705 certificate-bound tokens of the real Keycloak: {@code city-safety} asks for a token over
 * Keycloak's HTTPS listener with a twin certificate issued by signing's CA, Keycloak binds the
 * token to it ({@code cnf.x5t#S256}), and the verifier accepts the token only with that
 * certificate.
 */
class KeycloakCertificateBoundTokenTest {

  private static final URI TARGET = URI.create("https://127.0.0.1:8443/twins/fire-1/model/alarm");

  private static TestKeycloak keycloak;
  private static JWKSet keys;

  @BeforeAll
  static void realm() throws Exception {
    keycloak = TestKeycloak.running();
    keys = keycloak.keys();
  }

  private static TwinCertificate twin() throws Exception {
    return TwinCertificate.issue(keycloak.clientCaKey(), keycloak.clientCaCertificate(),
        keycloak.serverCaCertificate(), "spiffe://city.example/twin/fire-1");
  }

  private static AccessTokenVerifier verifier(String token) throws Exception {
    Instant iat = SignedJWT.parse(token).getJWTClaimsSet().getIssueTime().toInstant();
    return new AccessTokenVerifier(TokenExpectations.of(keycloak.issuer(), keycloak.audience()),
        Clock.fixed(iat, ZoneOffset.UTC), (jti, forgetAfter) -> true);
  }

  @Test
  void verify_tokenAskedForWithAClientCertificate_isBoundToItAndAccepted() throws Exception {
    TwinCertificate twin = twin();
    String token = keycloak.certificateBoundToken("city-safety", twin);
    String thumbprint = Base64URL.encode(
        MessageDigest.getInstance("SHA-256").digest(twin.certificate().getEncoded())).toString();

    VerifiedToken verified = verifier(token).verify(
        PresentedToken.certificateBound(token, twin.certificate().getEncoded(), "POST", TARGET), keys);

    assertEquals("city-safety", verified.clientId());
    assertEquals(new VerifiedToken.Binding.Certificate(thumbprint), verified.binding());
  }

  @Test
  void verify_certificateBoundTokenWithAnotherTwinsCertificate_isRefusedAsCertificateMismatch() throws Exception {
    String token = keycloak.certificateBoundToken("city-safety", twin());
    byte[] other = twin().certificate().getEncoded();

    TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier(token)
        .verify(PresentedToken.certificateBound(token, other, "POST", TARGET), keys));

    assertInstanceOf(TokenRejection.CertificateMismatch.class, e.rejection());
  }

  @Test
  void clientCredentials_certificateBoundClientWithoutCertificate_getsNoToken() {
    AssertionError refused = assertThrows(AssertionError.class,
        () -> keycloak.clientCredentialsToken("city-safety", null));

    assertTrue(refused.getMessage().startsWith("token endpoint answered 400"), refused.getMessage());
  }
}
