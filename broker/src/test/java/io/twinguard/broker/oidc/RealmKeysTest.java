package io.twinguard.broker.oidc;

import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.MutableClock;
import io.twinguard.broker.fixtures.TestRealm;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The refetch floor and the keys kept while the provider is down, on a clock moved by hand. */
class RealmKeysTest {

  private static final Duration FLOOR = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Calls.NOW);
  private final TestRealm realm = new TestRealm();
  private final RealmKeys keys = new RealmKeys(realm, clock, FLOOR);

  @Test
  void refetch_twiceWithinTheFloor_fetchesOnce() {
    RealmKeys.Refetch first = value(keys.refetch());
    clock.advance(FLOOR.minusMillis(1));
    RealmKeys.Refetch second = value(keys.refetch());

    assertInstanceOf(RealmKeys.Refetch.Fetched.class, first);
    assertEquals(new RealmKeys.Refetch.TooSoon(false), second);
    assertEquals(1, realm.fetches());
  }

  @Test
  void refetch_onceTheFloorPassed_fetchesAgainAndSeesARotatedKey() {
    value(keys.refetch());
    String rotated = realm.rotate().getKeyID();
    clock.advance(FLOOR);

    RealmKeys.Refetch again = value(keys.refetch());

    assertEquals(2, realm.fetches());
    assertTrue(((RealmKeys.Refetch.Fetched) again).keys().getKeyByKeyId(rotated) != null);
    assertTrue(keys.keys().getKeyByKeyId(rotated) != null);
  }

  @Test
  void refetch_floodOfUnknownKeysWithinTheFloor_fetchesOnce() {
    for (int i = 0; i < 1000; i++) {
      keys.refetch();
      clock.advance(Duration.ofMillis(5));
    }

    assertEquals(1, realm.fetches(), "1000 refetches in 5 s with a floor of 10 s");
  }

  @Test
  void refresh_ignoresTheFloor() {
    value(keys.refetch());

    value(keys.refresh());

    assertEquals(2, realm.fetches());
  }

  @Test
  void refetch_whileAFetchRuns_sharesItsResult() {
    AtomicInteger started = new AtomicInteger();
    Promise<JWKSet> pending = Promise.promise();
    RealmKeys slow = new RealmKeys(() -> {
      started.incrementAndGet();
      return pending.future();
    }, clock, FLOOR);

    Future<RealmKeys.Refetch> first = slow.refetch();
    clock.advance(FLOOR.multipliedBy(2));
    Future<RealmKeys.Refetch> second = slow.refetch();
    assertFalse(first.isComplete());
    pending.complete(new JWKSet());

    assertEquals(1, started.get());
    assertInstanceOf(RealmKeys.Refetch.Fetched.class, value(first));
    assertInstanceOf(RealmKeys.Refetch.Fetched.class, value(second));
  }

  @Test
  void refresh_providerDown_keepsTheKeysHeldAndSaysItIsUnreachable() {
    value(keys.refresh());
    realm.down(true);
    clock.advance(FLOOR);

    assertTrue(keys.refresh().failed());

    RealmKeys.Status status = keys.status();
    assertEquals(1, status.keys());
    assertFalse(status.reachable());
    assertEquals("connection refused", status.lastFailure().orElseThrow());
    assertEquals(1, keys.keys().size());
  }

  @Test
  void refetch_providerDown_failsAndThenIsTooSoonWithTheProviderDown() {
    realm.down(true);

    RealmKeys.Refetch failed = value(keys.refetch());
    clock.advance(Duration.ofSeconds(1));
    RealmKeys.Refetch tooSoon = value(keys.refetch());

    assertEquals(new RealmKeys.Refetch.Failed("connection refused"), failed);
    assertEquals(new RealmKeys.Refetch.TooSoon(true), tooSoon);
    assertEquals(1, realm.fetches());
  }

  @Test
  void refresh_providerBackUp_isReachableAgain() {
    realm.down(true);
    keys.refresh();
    realm.down(false);

    value(keys.refresh());

    assertTrue(keys.status().reachable());
  }

  @Test
  void refresh_sourceThatThrows_failsAndKeepsNoFetchRunning() {
    RealmKeys throwing = new RealmKeys(() -> {
      throw new IllegalStateException("no route");
    }, clock, FLOOR);

    assertTrue(throwing.refresh().failed());
    assertTrue(throwing.refresh().failed(), "a second fetch is started, not stuck on the first");
    assertEquals(2, throwing.status().fetches());
  }

  @Test
  void constructor_zeroFloor_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RealmKeys(realm, clock, Duration.ZERO));
  }
}
