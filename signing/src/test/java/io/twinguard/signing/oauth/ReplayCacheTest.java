package io.twinguard.signing.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The in-process replay guard: refuses a jti while remembered, forgets it when due, fails closed when full. */
class ReplayCacheTest {

  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock();

  @Test
  void firstUse_sameJtiWhileRemembered_isRefused() {
    ReplayCache cache = new ReplayCache(clock, 10);

    assertTrue(cache.firstUse("k:1", T0.plusSeconds(90)));
    clock.now = T0.plusSeconds(89);
    assertFalse(cache.firstUse("k:1", T0.plusSeconds(179)));
  }

  @Test
  void firstUse_sameJtiAfterItsForgetTime_isAcceptedAgain() {
    ReplayCache cache = new ReplayCache(clock, 10);
    cache.firstUse("k:1", T0.plusSeconds(90));
    clock.now = T0.plusSeconds(90);

    assertTrue(cache.firstUse("k:1", T0.plusSeconds(180)));
  }

  @Test
  void firstUse_fullOfLiveEntries_refusesNewOnesUntilSomeAreDue() {
    ReplayCache cache = new ReplayCache(clock, 2);
    cache.firstUse("k:1", T0.plusSeconds(10));
    cache.firstUse("k:2", T0.plusSeconds(20));

    assertFalse(cache.firstUse("k:3", T0.plusSeconds(30)));
    clock.now = T0.plusSeconds(10);
    assertTrue(cache.firstUse("k:3", T0.plusSeconds(40)));
    assertEquals(2, cache.size());
  }
}
