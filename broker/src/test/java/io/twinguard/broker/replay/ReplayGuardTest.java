package io.twinguard.broker.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.broker.fixtures.MutableClock;
import io.twinguard.broker.replay.ReplayGuard.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  final MutableClock clock = new MutableClock(T0);
  final ReplayGuard guard = new ReplayGuard(clock, Duration.ofSeconds(60), 3);

  @Test
  void check_sameNonceTwice_refusesTheSecond() {
    assertEquals(Verdict.ACCEPTED, guard.check("hvac", "n-1", T0));
    assertEquals(Verdict.REPLAYED, guard.check("hvac", "n-1", T0));
  }

  @Test
  void check_sameNonceFromAnotherKey_isAccepted() {
    guard.check("hvac", "n-1", T0);

    assertEquals(Verdict.ACCEPTED, guard.check("fire", "n-1", T0));
  }

  @Test
  void check_createdOutsideWindow_isStale() {
    assertEquals(Verdict.STALE, guard.check("hvac", "n-1", T0.minusSeconds(61)));
    assertEquals(Verdict.STALE, guard.check("hvac", "n-2", T0.plusSeconds(61)));
  }

  @Test
  void check_replayAfterWindow_isStaleNotForgotten() {
    guard.check("hvac", "n-1", T0);
    clock.advance(Duration.ofSeconds(61));

    assertEquals(Verdict.STALE, guard.check("hvac", "n-1", T0));
  }

  @Test
  void check_fullCache_failsClosedUntilEntriesExpire() {
    guard.check("hvac", "n-1", T0);
    guard.check("hvac", "n-2", T0);
    guard.check("hvac", "n-3", T0);

    assertEquals(Verdict.OVERLOADED, guard.check("hvac", "n-4", T0));

    clock.advance(Duration.ofSeconds(61));
    assertEquals(Verdict.ACCEPTED, guard.check("hvac", "n-4", clock.instant()));
  }
}
