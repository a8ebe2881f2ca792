package io.twinguard.broker.oidc;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.MutableClock;
import io.twinguard.broker.fixtures.TestRealm;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.server.Readiness;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.signing.oauth.PresentedToken;
import io.twinguard.signing.oauth.VerifiedToken;
import io.twinguard.signing.testing.DpopProofs;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens against the realm's keys: a rotated key is fetched, a down provider is a 503 only for keys not held. */
class IdentityProviderTest {

  private static final Duration FLOOR = Duration.ofSeconds(10);
  private static final URI TARGET = URI.create("https://127.0.0.1:8443/v1/admin/registry");

  private final MutableClock clock = new MutableClock(Calls.NOW);
  private final TestRealm realm = new TestRealm();
  private final IdentityProvider provider = realm.provider(clock, FLOOR);
  private final ECKey proofKey = TestRealm.proofKey();

  private PresentedToken presented(String token) {
    return PresentedToken.dpop(token, DpopProofs.proof(proofKey, "GET", TARGET.toString(), clock.instant(), token),
        "GET", TARGET);
  }

  private String token() {
    return realm.dpopToken("ops-script", "u-1", proofKey, clock.instant(), List.of("operator"));
  }

  @Test
  void verify_tokenSignedWithAKeyHeld_isAcceptedWithItsRoles() {
    VerifiedToken verified = value(provider.verify(presented(token())));

    assertEquals("ops-script", verified.clientId());
    assertEquals(List.of("operator"), verified.roles());
    assertEquals("user:u-1", IdentityProvider.holder(verified));
  }

  @Test
  void verify_tokenOfAKeyRotatedInWithinTheFloorOfTheLastFetch_isUnknownKeyWithoutAFetch() {
    realm.rotate();
    clock.advance(FLOOR.minusSeconds(1));

    Refusal.Identity refused = refusal(provider.verify(presented(token())), Refusal.Identity.class);

    assertEquals(ProblemType.TOKEN_UNKNOWN_KEY, refused.problem().type());
    assertEquals(1, realm.fetches());
  }

  @Test
  void verify_tokenOfAKeyRotatedInSinceTheLastFetch_isAcceptedAfterOneRefetch() {
    realm.rotate();
    clock.advance(FLOOR);

    value(provider.verify(presented(token())));

    assertEquals(2, realm.fetches());
  }

  @Test
  void verify_floodOfTokensWithUnknownKeys_fetchesAtMostOncePerFloor() {
    RSAKey unpublished = realm.rotate();
    RSAKey stranger = new TestRealm().rotate();
    clock.advance(FLOOR);
    for (int i = 0; i < 200; i++) {
      String forged = TestRealm.sign(TestRealm.claims("ops-script", "u-1", clock.instant(), List.of()).build(),
          new RSAKey.Builder(stranger).keyID("made-up-" + i).build());
      Refusal.Identity refused = refusal(provider.verify(presented(forged)), Refusal.Identity.class);
      assertEquals(ProblemType.TOKEN_UNKNOWN_KEY, refused.problem().type());
      clock.advance(Duration.ofMillis(20));
    }

    assertEquals(2, realm.fetches(), "the start and one refetch in 4 s with a floor of 10 s");
    assertTrue(provider.keys().keys().getKeyByKeyId(unpublished.getKeyID()) != null);
  }

  @Test
  void verify_keyHeldWhileTheProviderIsDown_isAccepted() {
    realm.down(true);

    value(provider.verify(presented(token())));
  }

  @Test
  void verify_unknownKeyWhileTheProviderIsDown_isProviderUnavailableThenStaysSoWithinTheFloor() {
    realm.down(true);
    realm.rotate();
    clock.advance(FLOOR);

    Refusal.Identity first = refusal(provider.verify(presented(token())), Refusal.Identity.class);
    clock.advance(Duration.ofSeconds(1));
    Refusal.Identity second = refusal(provider.verify(presented(token())), Refusal.Identity.class);

    assertInstanceOf(IdentityRefusal.ProviderUnavailable.class, first.reason());
    assertEquals(503, first.problem().status());
    assertInstanceOf(IdentityRefusal.ProviderUnavailable.class, second.reason());
    assertEquals(2, realm.fetches());
  }

  @Test
  void verify_forgedSignature_isTokenBadSignatureWithAChallenge() {
    String token = token();
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    Refusal.Identity refused = refusal(provider.verify(presented(forged)), Refusal.Identity.class);

    assertEquals(ProblemType.TOKEN_BAD_SIGNATURE, refused.problem().type());
    assertTrue(refused.reason().challenge().orElseThrow().startsWith("DPoP error=\"invalid_token\""));
  }

  @Test
  void readiness_providerDown_isStillReadyWithKeysButUnreachable() {
    realm.down(true);
    provider.keys().refresh();

    Readiness.Check check = provider.readiness().check();

    assertEquals("identity", check.name());
    assertTrue(check.ready());
    assertFalse(check.detail().getBoolean("reachable"));
    assertEquals("connection refused", check.detail().getString("last_failure"));
    assertEquals(TestRealm.ISSUER, check.detail().getString("issuer"));
  }

  @Test
  void readiness_noKeysEverFetched_isNotReady() {
    TestRealm unreachable = new TestRealm();
    unreachable.down(true);

    assertFalse(unreachable.provider(clock, FLOOR).readiness().check().ready());
  }
}
