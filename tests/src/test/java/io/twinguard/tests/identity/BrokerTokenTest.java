package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.twinguard.broker.Broker;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.tests.identity.TokenEcosystem.Answer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twins calling the broker with tokens of the real Keycloak ({@code scripts/keycloak.sh}), no
 * client certificate: a DPoP-bound token of a registered client is accepted and the call recorded
 * as its twin's; each way a token can be wrong is refused with its own problem type, a 401 with a
 * {@code WWW-Authenticate} challenge where the token is at fault, and recorded with who asked.
 * Expiry is played by a broker whose clock runs ahead, never by waiting.
 */
class BrokerTokenTest {

  private static final Duration FLOOR = Duration.ofSeconds(10);

  private static TestKeycloak keycloak;
  private static TokenEcosystem city;
  private static final RecordingAuditTrail audit = new RecordingAuditTrail();
  private static Broker broker;

  private final Clock clock = Clock.systemUTC();
  private final ECKey twinKey = TokenEcosystem.newKey();

  @BeforeAll
  static void start() throws Exception {
    keycloak = TestKeycloak.running();
    city = new TokenEcosystem();
    broker = city.broker(identity(keycloak.issuer(), keycloak.audience(), FLOOR), Clock.systemUTC(), audit,
        Optional.empty());
  }

  @AfterAll
  static void stop() throws Exception {
    city.close();
  }

  private String token(String client) throws Exception {
    return keycloak.clientCredentialsToken(client, twinKey);
  }

  private static JsonObject record(Answer answer) {
    return audit.records.stream().filter(r -> answer.decisionId().equals(r.getString("decision_id")))
        .findFirst().orElseThrow(() -> new AssertionError("no record of " + answer.decisionId()));
  }

  private static void assertRefused(int status, String problem, Answer answer) {
    assertEquals(status, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    assertEquals(problem, answer.problem(), answer.body().toString());
    assertEquals("https://twinguard.io/problems/" + problem, record(answer).getString("problem"));
    if (status == 401) {
      assertTrue(answer.headers().get("WWW-Authenticate").startsWith("DPoP "), answer.headers().toString());
    }
  }

  @Test
  void call_dpopTokenOfTheTwinsClient_isForwardedAndRecordedAsTheTwin() throws Exception {
    Answer answer = city.predict(broker, token("city-buildings"), twinKey, clock);

    assertEquals(200, answer.status(), answer.body().toString());
    assertTrue(answer.json().containsKey("predicted_c"), answer.body().toString());
    assertEquals("spiffe://city.example/twin/room-12", record(answer).getString("caller"));
    assertEquals("allow", record(answer).getString("decision"));
  }

  @Test
  void call_tokenPastItsExpiry_isTokenExpired() throws Exception {
    String token = token("city-buildings");
    JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
    Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    Clock later = Clock.offset(Clock.systemUTC(), lifetime.plus(Duration.ofMinutes(1)));
    Broker ahead = city.broker(identity(keycloak.issuer(), keycloak.audience(), FLOOR), later, audit, Optional.empty());

    assertRefused(401, "token-expired", city.predict(ahead, token, twinKey, later));
  }

  @Test
  void call_tokenForAnotherAudience_isTokenWrongAudience() throws Exception {
    Broker other = city.broker(identity(keycloak.issuer(), "another-broker", FLOOR), clock, audit, Optional.empty());

    assertRefused(401, "token-wrong-audience", city.predict(other, token("city-buildings"), twinKey, clock));
  }

  @Test
  void call_tokenOfAnotherIssuer_isTokenWrongIssuer() throws Exception {
    // the same realm under another name: the keys verify, the issuer is not the one trusted
    String localhost = keycloak.issuer().replace("127.0.0.1", "localhost");
    Broker other = city.broker(identity(localhost, keycloak.audience(), FLOOR), clock, audit, Optional.empty());

    assertRefused(401, "token-wrong-issuer", city.predict(other, token("city-buildings"), twinKey, clock));
  }

  @Test
  void call_tokenWithItsClaimsAltered_isTokenBadSignature() throws Exception {
    String[] parts = token("acme-corp").split("\\.");
    String claims = Base64URL.from(parts[1]).decodeToString().replace("\"acme-corp\"", "\"city-buildings\"");
    String forged = parts[0] + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertRefused(401, "token-bad-signature", city.predict(broker, forged, twinKey, clock));
  }

  @Test
  void call_tokenOfAClientNoTwinNames_isTokenUnknownClientRecordedWithItsHolder() throws Exception {
    String token = token("acme-corp");

    Answer answer = city.predict(broker, token, twinKey, clock);

    assertRefused(403, "token-unknown-client", answer);
    assertEquals("user:" + SignedJWT.parse(token).getJWTClaimsSet().getSubject(), record(answer).getString("caller"));
  }

  @Test
  void call_tokenOfATwinLimitedToCertificates_isAuthMethodNotAllowedRecordedAsTheTwin() throws Exception {
    Answer answer = city.predict(broker, token("hvac-co"), twinKey, clock);

    assertRefused(403, "auth-method-not-allowed", answer);
    assertEquals("spiffe://city.example/twin/hvac-room-12", record(answer).getString("caller"));
  }

  @Test
  void call_proofReplayed_isDpopReplay() throws Exception {
    String token = token("city-buildings");
    String proof = TestKeycloak.proof(twinKey, "POST", java.net.URI.create(TokenEcosystem.uri(broker,
        TokenEcosystem.PREDICT)), clock.instant(), token);
    assertEquals(200, city.predict(broker, "DPoP " + token, proof).status());

    assertRefused(401, "dpop-replay", city.predict(broker, "DPoP " + token, proof));
  }

  @Test
  void call_proofOfAnotherKey_isDpopKeyMismatch() throws Exception {
    assertRefused(401, "dpop-key-mismatch", city.predict(broker, token("city-buildings"), TokenEcosystem.newKey(), clock));
  }

  @Test
  void call_bearerTokenWithoutBinding_isTokenUnbound() throws Exception {
    String bearer = keycloak.clientCredentialsToken("city-buildings", null);

    assertRefused(401, "token-unbound", city.predict(broker, "Bearer " + bearer, null));
  }

  @Test
  void call_dpopTokenWithoutItsProof_isDpopProofMissing() throws Exception {
    assertRefused(401, "dpop-proof-missing", city.predict(broker, "DPoP " + token("city-buildings"), null));
  }

  @Test
  void call_neitherCertificateNorToken_isUnauthenticatedWithTheChallenge() throws Exception {
    Answer answer = city.predict(broker, null, null);

    assertRefused(401, "unauthenticated", answer);
    assertEquals("DPoP algs=\"ES256 EdDSA\", Bearer realm=\"twinguard\"", answer.headers().get("WWW-Authenticate"));
  }

  @Test
  void ready_withTheRealmsKeys_namesTheIdentityProvider() throws Exception {
    Answer ready = city.get(broker, "/ready", null, null, clock);

    JsonObject identity = ready.json().getJsonObject("checks").getJsonObject("identity");
    assertEquals(200, ready.status(), ready.body().toString());
    assertEquals(keycloak.issuer(), identity.getString("issuer"));
    assertTrue(identity.getBoolean("reachable"));
    assertTrue(identity.getInteger("keys") >= 3, identity.encode());
    assertTrue(identity.containsKey("fetched_at"), identity.encode());
  }
}
