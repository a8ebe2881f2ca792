package io.twinguard.signing.oauth;

import static io.twinguard.signing.oauth.TestTokens.AUDIENCE;
import static io.twinguard.signing.oauth.TestTokens.ISSUER;
import static io.twinguard.signing.oauth.TestTokens.NOW;
import static io.twinguard.signing.oauth.TestTokens.base64Url;
import static io.twinguard.signing.oauth.TestTokens.claims;
import static io.twinguard.signing.oauth.TestTokens.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.twinguard.signing.oauth.TestTokens.IssuerKey;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checks on the token itself: form, algorithm, key, signature and claims. */
class AccessTokenVerifierTest {

  private static final URI TARGET = URI.create("https://127.0.0.1:8443/twins/hvac-1/model/setpoint");

  private final IssuerKey rsa = TestTokens.issuerKey(TokenAlgorithm.RS256, "rsa-1");
  private final IssuerKey ec = TestTokens.issuerKey(TokenAlgorithm.ES256, "ec-1");
  private final IssuerKey ed = TestTokens.issuerKey(TokenAlgorithm.EDDSA, "ed-1");
  private final JWKSet keys = new JWKSet(List.of(rsa.publicJwk(), ec.publicJwk(), ed.publicJwk()));
  private final KeyPair twinKey = TestTokens.keyPair(TokenAlgorithm.ES256);
  private final String jkt = io.twinguard.signing.keys.Keys.thumbprint(twinKey.getPublic());

  private AccessTokenVerifier verifier(Instant now) {
    return new AccessTokenVerifier(TokenExpectations.of(ISSUER, AUDIENCE),
        Clock.fixed(now, ZoneOffset.UTC), new SeenJtis());
  }

  private VerifiedToken verifyDpop(String token) throws TokenRejectedException {
    String proof = TestTokens.proof(TokenAlgorithm.ES256, twinKey, "PUT", TARGET.toString(), NOW, token);
    return verifier(NOW).verify(PresentedToken.dpop(token, proof, "PUT", TARGET), keys);
  }

  private TokenRejection rejectionOf(String token) {
    return assertThrows(TokenRejectedException.class, () -> verifyDpop(token)).rejection();
  }

  private JWTClaimsSet.Builder bound() {
    return claims().claim("cnf", Map.of("jkt", jkt));
  }

  @ParameterizedTest
  @EnumSource(TokenAlgorithm.class)
  void verify_dpopBoundTokenWithItsProof_returnsClientRolesAndBinding(TokenAlgorithm alg) throws Exception {
    IssuerKey issuer = switch (alg) {
      case RS256 -> rsa;
      case ES256 -> ec;
      case EDDSA -> ed;
    };

    VerifiedToken verified = verifyDpop(token(issuer, bound().claim("preferred_username", "alice").build()));

    assertEquals("hvac-co", verified.clientId());
    assertEquals("service-account-hvac-co", verified.subject());
    assertEquals(Optional.of("alice"), verified.username());
    assertEquals(List.of("default-roles-twinguard"), verified.roles());
    assertEquals(new VerifiedToken.Binding.Dpop(jkt), verified.binding());
    assertEquals(NOW.plusSeconds(290), verified.expiresAt());
  }

  @Test
  void verify_algNone_isRefusedAsAlgorithmNotAllowed() {
    String token = base64Url("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "."
        + bound().build().toPayload().toBase64URL() + ".";

    assertEquals(new TokenRejection.AlgorithmNotAllowed("none"), rejectionOf(token));
  }

  @Test
  void verify_hs256MadeWithThePublicKeyAsSecret_isRefusedAsAlgorithmNotAllowed() {
    String token = base64Url("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}") + "."
        + bound().build().toPayload().toBase64URL() + ".c2lnbmF0dXJl";

    assertEquals(new TokenRejection.AlgorithmNotAllowed("HS256"), rejectionOf(token));
  }

  @Test
  void verify_algorithmLeftOutOfTheExpectations_isRefusedAsAlgorithmNotAllowed() {
    AccessTokenVerifier rsaOnly = new AccessTokenVerifier(new TokenExpectations(ISSUER, AUDIENCE,
        EnumSet.of(TokenAlgorithm.RS256), Duration.ZERO, Duration.ofSeconds(60)),
        Clock.fixed(NOW, ZoneOffset.UTC), new SeenJtis());
    String token = token(ec, bound().build());

    TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> rsaOnly.verify(
        PresentedToken.dpop(token, "unused", "PUT", TARGET), keys));

    assertEquals(new TokenRejection.AlgorithmNotAllowed("ES256"), e.rejection());
  }

  @Test
  void verify_notACompactJws_isRefusedAsMalformed() {
    assertInstanceOf(TokenRejection.Malformed.class, rejectionOf("a.b"));
    assertInstanceOf(TokenRejection.Malformed.class, rejectionOf("bm90IGpzb24.e30.c2ln"));
  }

  @Test
  void verify_unknownKid_isRefusedAsUnknownKey() {
    IssuerKey rotated = TestTokens.issuerKey(TokenAlgorithm.RS256, "rsa-2");

    assertEquals(new TokenRejection.UnknownKey("rsa-2"), rejectionOf(token(rotated, bound().build())));
  }

  @Test
  void verify_kidOfAKeyOfAnotherType_isRefusedAsKeyMismatch() {
    IssuerKey posing = new IssuerKey(TokenAlgorithm.ES256, "rsa-1", ec.keys());

    assertEquals(new TokenRejection.KeyMismatch("rsa-1", "ES256"), rejectionOf(token(posing, bound().build())));
  }

  @ParameterizedTest
  @EnumSource(TokenAlgorithm.class)
  void verify_tokenSignedByAnotherKeyUnderTheIssuersKid_isRefusedAsBadSignature(TokenAlgorithm alg) {
    String kid = switch (alg) {
      case RS256 -> "rsa-1";
      case ES256 -> "ec-1";
      case EDDSA -> "ed-1";
    };
    IssuerKey forger = TestTokens.issuerKey(alg, kid);

    assertEquals(new TokenRejection.BadSignature(kid), rejectionOf(token(forger, bound().build())));
  }

  @Test
  void verify_wrongIssuer_isRefusedAsWrongIssuer() {
    String token = token(rsa, bound().issuer("http://127.0.0.1:18080/realms/master").build());

    assertInstanceOf(TokenRejection.WrongIssuer.class, rejectionOf(token));
  }

  @Test
  void verify_wrongAudience_isRefusedAsWrongAudience() {
    String token = token(rsa, bound().audience("account").build());

    assertEquals(new TokenRejection.WrongAudience(List.of("account"), AUDIENCE), rejectionOf(token));
  }

  @Test
  void verify_missingExpOrAudience_isRefusedAsMissingClaim() {
    assertEquals(new TokenRejection.MissingClaim("exp"),
        rejectionOf(token(rsa, bound().expirationTime(null).build())));
    assertEquals(new TokenRejection.MissingClaim("aud"),
        rejectionOf(token(rsa, bound().audience(List.of()).build())));
  }

  @Test
  void verify_afterExpiryPlusSkew_isRefusedAsExpired() {
    String token = token(rsa, bound().build());
    Instant later = NOW.plusSeconds(290 + 31);
    String proof = TestTokens.proof(TokenAlgorithm.ES256, twinKey, "PUT", TARGET.toString(), later, token);

    TokenRejectedException e = assertThrows(TokenRejectedException.class,
        () -> verifier(later).verify(PresentedToken.dpop(token, proof, "PUT", TARGET), keys));

    assertEquals(new TokenRejection.Expired(NOW.plusSeconds(290)), e.rejection());
  }

  @Test
  void verify_notBeforeOrIssuedInTheFutureBeyondSkew_isRefusedAsNotYetValid() {
    Instant future = NOW.plusSeconds(31);

    assertEquals(new TokenRejection.NotYetValid("nbf", future),
        rejectionOf(token(rsa, bound().notBeforeTime(Date.from(future)).build())));
    assertEquals(new TokenRejection.NotYetValid("iat", future),
        rejectionOf(token(rsa, bound().issueTime(Date.from(future)).build())));
  }

  @Test
  void verify_dpopProofAsAccessToken_isRefusedAsMalformed() {
    String proof = TestTokens.proof(TokenAlgorithm.ES256, ec.keys(),
        TestTokens.proofHeader(TokenAlgorithm.ES256, ec.keys().getPublic()).keyID("ec-1"), bound().build());

    assertInstanceOf(TokenRejection.Malformed.class, rejectionOf(proof));
  }
}
