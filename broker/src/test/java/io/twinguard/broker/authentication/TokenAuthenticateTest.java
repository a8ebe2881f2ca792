package io.twinguard.broker.authentication;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.MutableClock;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.fixtures.TestRealm;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.registry.AuthMethod;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.Twin;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.signing.testing.DpopProofs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The authenticate step with an identity provider in memory: the office twin may come with a token
 * of client {@code office-co} or its certificate, the thermostat with its certificate only (client
 * {@code heat-co} named, tokens not allowed), the sprinkler with a token only.
 */
class TokenAuthenticateTest {

  private static final TestPki PKI = AuthenticateTest.PKI;
  private static final String CALL = "thermostat/model/heating/predict";

  private final MutableClock clock = new MutableClock(Calls.NOW);
  private final TestRealm realm = new TestRealm();
  private final Catalog catalog = Catalog.of(registry());
  private final Authenticate authenticate = new Authenticate(() -> catalog, PKI.broker(),
      Optional.of(realm.provider(clock, Duration.ofSeconds(10))), clock);
  private final ECKey proofKey = TestRealm.proofKey();

  private static Registry registry() {
    Registry registry = Calls.catalog().registry();
    return registry
        .with(allowing(registry, "office", Set.of(AuthMethod.MTLS, AuthMethod.TOKEN), "office-co"))
        .with(allowing(registry, "thermostat", Set.of(AuthMethod.MTLS), "heat-co"))
        .with(allowing(registry, "sprinklers", Set.of(AuthMethod.TOKEN), "sprinkler-co"));
  }

  private static Twin allowing(Registry registry, String name, Set<AuthMethod> auth, String client) {
    Twin twin = registry.twin(name).orElseThrow();
    return new Twin(twin.id(), twin.name(), twin.org(), twin.twinClass(), twin.endpoint(), twin.blocks(), auth,
        Optional.of(client));
  }

  private Calls dpop(String client, ECKey signedBy) {
    String token = realm.dpopToken(client, "sa-" + client, proofKey, clock.instant(), List.of());
    Calls call = Calls.to(CALL);
    return call.header("Authorization", "DPoP " + token)
        .header("DPoP", DpopProofs.proof(signedBy, "POST", call.uri(), clock.instant(), token));
  }

  @Test
  void apply_dpopTokenOfATwinAllowingTokens_isAuthenticatedAsOidcWithoutSignatureKey() {
    Authenticated authenticated = value(authenticate.apply(dpop("office-co", proofKey).ingress()));

    assertEquals("spiffe://test.example/twin/office", authenticated.caller().id());
    assertEquals("oidc", authenticated.caller().auth());
    assertTrue(authenticated.caller().signatureKey().isEmpty());
  }

  @Test
  void apply_certificateBoundTokenOverItsCertificate_givesTheCertificatesKey() {
    TestPki.Credentials sprinkler = PKI.twin("spiffe://test.example/twin/sprinklers");
    String token = realm.certificateBoundToken("sprinkler-co", sprinkler.certificate(), clock.instant());

    Authenticated authenticated = value(authenticate.apply(Calls.to(CALL).chain(sprinkler.chain())
        .header("Authorization", "Bearer " + token).ingress()));

    assertEquals("spiffe://test.example/twin/sprinklers", authenticated.caller().id());
    assertEquals(sprinkler.keyPair().getPublic(), authenticated.caller().signatureKey().orElseThrow());
  }

  @Test
  void apply_certificateBoundTokenOverAnotherCertificate_isCertificateMismatch() {
    TestPki.Credentials sprinkler = PKI.twin("spiffe://test.example/twin/sprinklers");
    TestPki.Credentials office = PKI.twin("spiffe://test.example/twin/office");
    String token = realm.certificateBoundToken("sprinkler-co", sprinkler.certificate(), clock.instant());

    Refusal.Identity refused = refusal(authenticate.apply(Calls.to(CALL).chain(office.chain())
        .header("Authorization", "Bearer " + token).ingress()), Refusal.Identity.class);

    assertEquals(ProblemType.TOKEN_CERTIFICATE_MISMATCH, refused.problem().type());
  }

  @Test
  void apply_proofOfAnotherKey_isDpopKeyMismatch() {
    Refusal.Identity refused = refusal(authenticate.apply(dpop("office-co", TestRealm.proofKey()).ingress()),
        Refusal.Identity.class);

    assertEquals(ProblemType.DPOP_KEY_MISMATCH, refused.problem().type());
  }

  @Test
  void apply_bearerTokenWithoutBinding_isTokenUnbound() {
    Refusal.Identity refused = refusal(authenticate.apply(Calls.to(CALL)
        .header("Authorization", "Bearer " + realm.bearerToken("office-co", clock.instant())).ingress()),
        Refusal.Identity.class);

    assertEquals(ProblemType.TOKEN_UNBOUND, refused.problem().type());
    assertTrue(refused.asker().isEmpty());
  }

  @Test
  void apply_tokenOfAClientNoTwinStandsFor_isUnknownClientNamingTheHolder() {
    Refusal.Identity refused = refusal(authenticate.apply(dpop("stranger-co", proofKey).ingress()),
        Refusal.Identity.class);

    assertEquals(ProblemType.TOKEN_UNKNOWN_CLIENT, refused.problem().type());
    assertEquals(403, refused.problem().status());
    assertEquals(Optional.of("user:sa-stranger-co"), refused.asker());
  }

  @Test
  void apply_tokenOfATwinLimitedToMtls_isMethodNotAllowedNamingTheTwin() {
    Refusal.Identity refused = refusal(authenticate.apply(dpop("heat-co", proofKey).ingress()),
        Refusal.Identity.class);

    assertInstanceOf(IdentityRefusal.MethodNotAllowed.class, refused.reason());
    assertEquals(Optional.of("spiffe://test.example/twin/thermostat"), refused.asker());
  }

  @Test
  void apply_certificateOfATwinLimitedToTokens_isMethodNotAllowed() {
    TestPki.Credentials sprinkler = PKI.twin("spiffe://test.example/twin/sprinklers");

    Refusal.Identity refused = refusal(authenticate.apply(Calls.to(CALL).chain(sprinkler.chain()).ingress()),
        Refusal.Identity.class);

    assertEquals(ProblemType.AUTH_METHOD_NOT_ALLOWED, refused.problem().type());
  }

  @Test
  void apply_certificateOfATwinAllowingBoth_isAuthenticatedByMtls() {
    TestPki.Credentials office = PKI.twin("spiffe://test.example/twin/office");

    assertEquals("mtls", value(authenticate.apply(Calls.to(CALL).chain(office.chain()).ingress())).caller().auth());
  }

  @Test
  void apply_noCredentials_isUnauthenticatedWithAChallenge() {
    Refusal.Identity refused = refusal(authenticate.apply(Calls.to(CALL).ingress()), Refusal.Identity.class);

    assertEquals(ProblemType.UNAUTHENTICATED, refused.problem().type());
    assertEquals(IdentityRefusal.CHALLENGE, refused.reason().challenge().orElseThrow());
  }

  @Test
  void apply_unknownScheme_isUnauthenticatedWithoutEchoingIt() {
    Refusal.Identity refused = refusal(authenticate.apply(Calls.to(CALL)
        .header("Authorization", "Basic c2VjcmV0OnNlY3JldA==").ingress()), Refusal.Identity.class);

    assertEquals(ProblemType.UNAUTHENTICATED, refused.problem().type());
    assertTrue(!refused.problem().detail().contains("c2Vj"), refused.problem().detail());
  }

  @Test
  void apply_twoDpopProofs_isDpopProofInvalid() {
    Calls call = dpop("office-co", proofKey);
    call.header("DPoP", DpopProofs.proof(proofKey, "POST", call.uri(), clock.instant(), "x"));

    Refusal.Identity refused = refusal(authenticate.apply(call.ingress()), Refusal.Identity.class);

    assertEquals(ProblemType.DPOP_PROOF_INVALID, refused.problem().type());
  }

  @Test
  void apply_sameProofTwice_isDpopReplay() {
    Calls call = dpop("office-co", proofKey);
    value(authenticate.apply(call.ingress()));

    Refusal.Identity refused = refusal(authenticate.apply(call.ingress()), Refusal.Identity.class);

    assertEquals(ProblemType.DPOP_REPLAY, refused.problem().type());
  }

  @Test
  void apply_expiredToken_isTokenExpired() {
    Calls call = dpop("office-co", proofKey);
    clock.advance(Duration.ofMinutes(6));

    Refusal.Identity refused = refusal(authenticate.apply(call.ingress()), Refusal.Identity.class);

    assertEquals(ProblemType.TOKEN_EXPIRED, refused.problem().type());
  }

  @Test
  void apply_tokenWithoutIdentityProvider_isUnauthenticated() {
    Refusal.Unauthenticated refused = refusal(AuthenticateTest.AUTHENTICATE.apply(dpop("office-co", proofKey)
        .chain(PKI.twin("spiffe://test.example/twin/office").chain()).ingress()), Refusal.Unauthenticated.class);

    assertTrue(refused.detail().contains("no identity provider"), refused.detail());
  }
}
