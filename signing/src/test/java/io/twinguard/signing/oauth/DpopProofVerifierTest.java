package io.twinguard.signing.oauth;

import static io.twinguard.signing.oauth.TestTokens.NOW;
import static io.twinguard.signing.oauth.TestTokens.proof;
import static io.twinguard.signing.oauth.TestTokens.proofHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.twinguard.signing.keys.Keys;
import java.net.URI;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9449 section 4.3's checks of a DPoP proof, each refusal with its reason, and the RFC's examples. */
class DpopProofVerifierTest {

  private static final String TOKEN = "an.access.token";
  private static final String HTU = "https://127.0.0.1:8443/twins/hvac-1/model/setpoint";
  private static final URI TARGET = URI.create(HTU + "?unit=C");

  private final KeyPair key = TestTokens.keyPair(TokenAlgorithm.ES256);
  private final String jkt = Keys.thumbprint(key.getPublic());
  private final SeenJtis seen = new SeenJtis();

  private DpopProofVerifier verifier(Instant now) {
    return new DpopProofVerifier(TokenExpectations.of(TestTokens.ISSUER, TestTokens.AUDIENCE),
        Clock.fixed(now, ZoneOffset.UTC), seen);
  }

  private String verify(String proof) throws TokenRejectedException {
    return verifier(NOW).verify(proof, "PUT", TARGET, Optional.of(TOKEN), Optional.of(jkt));
  }

  private TokenRejection rejectionOf(String proof) {
    return assertThrows(TokenRejectedException.class, () -> verify(proof)).rejection();
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().jwtID("jti-1").claim("htm", "PUT").claim("htu", HTU)
        .issueTime(Date.from(NOW)).claim("ath", DpopProofVerifier.ath(TOKEN));
  }

  @Test
  void verify_rfc9449Figure2Proof_returnsTheThumbprintOfFigure9() throws Exception {
    String figure2 = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
        + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ"
        + ".2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    String thumbprint = verifier(Instant.ofEpochSecond(1562262616)).verify(figure2, "POST",
        URI.create("https://server.example.com/token"), Optional.empty(), Optional.empty());

    assertEquals("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", thumbprint);
  }

  @Test
  void ath_rfc9449Section7Token_isTheRfcsValue() {
    assertEquals("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo",
        DpopProofVerifier.ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));
  }

  @ParameterizedTest
  @ValueSource(strings = {HTU, HTU + "#top", "HTTPS://127.0.0.1:8443/twins/hvac-1/model/setpoint",
      "https://127.0.0.1:8443/twins/./hvac-1/model/setpoint"})
  void verify_htuDifferingOnlyInQueryFragmentCaseOrDotSegments_isAccepted(String htu) throws Exception {
    assertEquals(jkt, verify(proof(TokenAlgorithm.ES256, key, proofHeader(TokenAlgorithm.ES256, key.getPublic()),
        claims().claim("htu", htu).build())));
  }

  @Test
  void verify_ed25519Proof_isAccepted() throws Exception {
    KeyPair ed = TestTokens.keyPair(TokenAlgorithm.EDDSA);
    String proof = proof(TokenAlgorithm.EDDSA, ed, "PUT", HTU, NOW, TOKEN);

    assertEquals(Keys.thumbprint(ed.getPublic()), verifier(NOW).verify(proof, "PUT", TARGET,
        Optional.of(TOKEN), Optional.empty()));
  }

  @Test
  void verify_typOtherThanDpopJwt_isRefusedAsInvalid() {
    String proof = proof(TokenAlgorithm.ES256, key,
        proofHeader(TokenAlgorithm.ES256, key.getPublic()).type(JOSEObjectType.JWT), claims().build());

    assertInstanceOf(TokenRejection.DpopProofInvalid.class, rejectionOf(proof));
  }

  @Test
  void verify_jwkHeaderMissingOrPrivate_isRefusedAsInvalid() {
    ECKey withPrivate = new ECKey.Builder(Curve.P_256, (ECPublicKey) key.getPublic())
        .privateKey((ECPrivateKey) key.getPrivate()).build();

    assertInstanceOf(TokenRejection.DpopProofInvalid.class, rejectionOf(proof(TokenAlgorithm.ES256, key,
        proofHeader(TokenAlgorithm.ES256, key.getPublic()).jwk(null), claims().build())));
    String header = TestTokens.base64Url(
        "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + withPrivate.toJSONString() + "}");
    String privateJwk = TestTokens.sign(TokenAlgorithm.ES256, key.getPrivate(), header,
        claims().build().toPayload().toBase64URL().toString());

    assertInstanceOf(TokenRejection.DpopProofInvalid.class, rejectionOf(privateJwk));
  }

  @Test
  void verify_rsaProof_isRefusedAsInvalid() {
    KeyPair rsa = TestTokens.keyPair(TokenAlgorithm.RS256);

    assertInstanceOf(TokenRejection.DpopProofInvalid.class, rejectionOf(proof(TokenAlgorithm.RS256, rsa,
        proofHeader(TokenAlgorithm.RS256, rsa.getPublic()), claims().build())));
  }

  @Test
  void verify_signatureByAnotherKeyThanItsJwk_isRefusedAsInvalid() {
    KeyPair other = TestTokens.keyPair(TokenAlgorithm.ES256);

    assertEquals(new TokenRejection.DpopProofInvalid("signature does not verify with its jwk"),
        rejectionOf(proof(TokenAlgorithm.ES256, other, proofHeader(TokenAlgorithm.ES256, key.getPublic()),
            claims().build())));
  }

  @Test
  void verify_missingJti_isRefusedAsInvalid() {
    assertEquals(new TokenRejection.DpopProofInvalid("no jti claim"), rejectionOf(proof(TokenAlgorithm.ES256,
        key, proofHeader(TokenAlgorithm.ES256, key.getPublic()), claims().jwtID(null).build())));
  }

  @Test
  void verify_otherMethodOrTarget_isRefusedAsRequestMismatch() {
    String other = "https://127.0.0.1:8443/twins/hvac-1/model/other";

    assertEquals(new TokenRejection.DpopRequestMismatch("htm", "GET"), rejectionOf(proof(TokenAlgorithm.ES256,
        key, proofHeader(TokenAlgorithm.ES256, key.getPublic()), claims().claim("htm", "GET").build())));
    assertEquals(new TokenRejection.DpopRequestMismatch("htu", other), rejectionOf(proof(TokenAlgorithm.ES256,
        key, proofHeader(TokenAlgorithm.ES256, key.getPublic()), claims().claim("htu", other).build())));
  }

  @Test
  void verify_proofTooOldOrFromTheFuture_isRefusedAsStale() {
    Instant old = NOW.minusSeconds(60 + 30 + 1);
    Instant future = NOW.plusSeconds(31);

    assertEquals(new TokenRejection.DpopProofStale(old), rejectionOf(proof(TokenAlgorithm.ES256, key,
        "PUT", HTU, old, TOKEN)));
    assertEquals(new TokenRejection.DpopProofStale(future), rejectionOf(proof(TokenAlgorithm.ES256, key,
        "PUT", HTU, future, TOKEN)));
  }

  @Test
  void verify_athOfAnotherTokenOrNone_isRefusedAsTokenHashMismatch() {
    assertInstanceOf(TokenRejection.DpopTokenHashMismatch.class, rejectionOf(proof(TokenAlgorithm.ES256, key,
        "PUT", HTU, NOW, "another.access.token")));
    assertInstanceOf(TokenRejection.DpopTokenHashMismatch.class, rejectionOf(proof(TokenAlgorithm.ES256, key,
        "PUT", HTU, NOW, null)));
  }

  @Test
  void verify_proofOfAnotherKeyThanTheTokens_isRefusedAsKeyMismatch() {
    KeyPair thief = TestTokens.keyPair(TokenAlgorithm.ES256);

    assertEquals(new TokenRejection.DpopKeyMismatch(Keys.thumbprint(thief.getPublic()), jkt),
        rejectionOf(proof(TokenAlgorithm.ES256, thief, "PUT", HTU, NOW, TOKEN)));
  }

  @Test
  void verify_sameProofTwice_isRefusedAsReplay() throws Exception {
    String proof = proof(TokenAlgorithm.ES256, key, proofHeader(TokenAlgorithm.ES256, key.getPublic()),
        claims().build());
    verify(proof);

    assertEquals(new TokenRejection.DpopReplay("jti-1"), rejectionOf(proof));
  }

  @Test
  void verify_refusedProof_doesNotUseUpItsJti() throws Exception {
    rejectionOf(proof(TokenAlgorithm.ES256, key, proofHeader(TokenAlgorithm.ES256, key.getPublic()),
        claims().claim("htm", "GET").build()));

    verify(proof(TokenAlgorithm.ES256, key, proofHeader(TokenAlgorithm.ES256, key.getPublic()), claims().build()));
    assertEquals(1, seen.size());
  }
}
