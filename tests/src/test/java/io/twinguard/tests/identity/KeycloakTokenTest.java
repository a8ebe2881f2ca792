package io.twinguard.tests.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.signing.oauth.AccessTokenVerifier;
import io.twinguard.signing.oauth.AuthScheme;
import io.twinguard.signing.oauth.PresentedToken;
import io.twinguard.signing.oauth.ReplayGuard;
import io.twinguard.signing.oauth.TokenExpectations;
import io.twinguard.signing.oauth.TokenRejectedException;
import io.twinguard.signing.oauth.TokenRejection;
import io.twinguard.signing.oauth.VerifiedToken;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tokens of the real Keycloak of {@code scripts/keycloak.sh} checked by {@code signing.oauth}:
 * a DPoP-bound client-credentials token verifies against the realm's JWKS, and the same token is
 * refused without its proof, with a proof of another key, with a replayed proof, after expiry,
 * for another audience or issuer, altered, and as a plain bearer token. Times come from the
 * token itself through a fixed clock, never from the wall clock.
 */
class KeycloakTokenTest {

  private static final URI TARGET = URI.create("https://127.0.0.1:8443/twins/hvac-1/model/setpoint");

  private static TestKeycloak keycloak;
  private static JWKSet keys;

  private final ECKey twinKey = TokenEcosystem.newKey();

  @BeforeAll
  static void realm() throws Exception {
    keycloak = TestKeycloak.running();
    keys = keycloak.keys();
  }

  private static Instant issuedAt(String token) throws Exception {
    return SignedJWT.parse(token).getJWTClaimsSet().getIssueTime().toInstant();
  }

  private static AccessTokenVerifier verifier(TokenExpectations expectations, Instant now, ReplayGuard guard) {
    return new AccessTokenVerifier(expectations, Clock.fixed(now, ZoneOffset.UTC), guard);
  }

  private static ReplayGuard memory() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return (jti, forgetAfter) -> seen.add(jti);
  }

  private TokenExpectations realmExpectations() {
    return TokenExpectations.of(keycloak.issuer(), keycloak.audience());
  }

  private PresentedToken withProof(String token, ECKey key, Instant at) throws Exception {
    return PresentedToken.dpop(token, TestKeycloak.proof(key, "PUT", TARGET, at, token), "PUT", TARGET);
  }

  private TokenRejection rejection(TokenExpectations expectations, Instant now, PresentedToken presented) {
    return assertThrows(TokenRejectedException.class,
        () -> verifier(expectations, now, memory()).verify(presented, keys)).rejection();
  }

  @ParameterizedTest
  @CsvSource({"hvac-co, RS256", "lift-co, ES256", "citizens, EdDSA"})
  void verify_dpopBoundClientCredentialsToken_isAcceptedWithItsBinding(String client, String alg) throws Exception {
    String token = keycloak.clientCredentialsToken(client, twinKey);
    Instant iat = issuedAt(token);

    VerifiedToken verified = verifier(realmExpectations(), iat, memory()).verify(withProof(token, twinKey, iat), keys);

    assertEquals(alg, SignedJWT.parse(token).getHeader().getAlgorithm().getName());
    assertEquals(client, verified.clientId());
    assertEquals(new VerifiedToken.Binding.Dpop(twinKey.computeThumbprint().toString()), verified.binding());
  }

  @Test
  void verify_keycloakTokenWithoutItsProof_isRefusedAsProofMissing() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", twinKey);
    PresentedToken stolen = new PresentedToken(AuthScheme.DPOP, token, Optional.empty(), "PUT", TARGET,
        Optional.empty());

    assertInstanceOf(TokenRejection.DpopProofMissing.class, rejection(realmExpectations(), issuedAt(token), stolen));
  }

  @Test
  void verify_keycloakTokenWithAProofOfAnotherKey_isRefusedAsKeyMismatch() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", twinKey);
    Instant iat = issuedAt(token);

    assertInstanceOf(TokenRejection.DpopKeyMismatch.class,
        rejection(realmExpectations(), iat, withProof(token, TokenEcosystem.newKey(), iat)));
  }

  @Test
  void verify_replayedProof_isRefusedAsReplay() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", twinKey);
    Instant iat = issuedAt(token);
    AccessTokenVerifier verifier = verifier(realmExpectations(), iat, memory());
    PresentedToken presented = withProof(token, twinKey, iat);
    verifier.verify(presented, keys);

    TokenRejectedException replay = assertThrows(TokenRejectedException.class, () -> verifier.verify(presented, keys));

    assertInstanceOf(TokenRejection.DpopReplay.class, replay.rejection());
  }

  @Test
  void verify_afterTheTokensExpiry_isRefusedAsExpired() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", twinKey);
    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    Instant later = claims.getExpirationTime().toInstant().plus(realmExpectations().maxSkew()).plusSeconds(1);

    assertEquals(new TokenRejection.Expired(claims.getExpirationTime().toInstant()),
        rejection(realmExpectations(), later, withProof(token, twinKey, later)));
  }

  @Test
  void verify_forAnotherAudienceOrIssuer_isRefused() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", twinKey);
    Instant iat = issuedAt(token);
    String otherIssuer = keycloak.issuer().replace("127.0.0.1", "localhost");

    assertInstanceOf(TokenRejection.WrongAudience.class, rejection(
        TokenExpectations.of(keycloak.issuer(), "another-broker"), iat, withProof(token, twinKey, iat)));
    assertInstanceOf(TokenRejection.WrongIssuer.class, rejection(
        TokenExpectations.of(otherIssuer, keycloak.audience()), iat, withProof(token, twinKey, iat)));
  }

  @Test
  void verify_tokenWithAlteredClaims_isRefusedAsBadSignature() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", twinKey);
    String[] parts = token.split("\\.");
    String claims = Base64URL.from(parts[1]).decodeToString().replace("\"hvac-co\"", "\"city-safety\"");
    String altered = parts[0] + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    Instant iat = issuedAt(token);

    assertInstanceOf(TokenRejection.BadSignature.class, rejection(realmExpectations(), iat, withProof(altered, twinKey, iat)));
  }

  @Test
  void verify_bearerTokenKeycloakIssuedWithoutDpop_isRefusedAsUnbound() throws Exception {
    String token = keycloak.clientCredentialsToken("hvac-co", null);
    PresentedToken bearer = new PresentedToken(AuthScheme.BEARER, token, Optional.empty(), "PUT", TARGET,
        Optional.empty());

    assertInstanceOf(TokenRejection.Unbound.class, rejection(realmExpectations(), issuedAt(token), bearer));
  }
}
