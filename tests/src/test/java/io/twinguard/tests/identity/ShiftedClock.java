package io.twinguard.tests.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved forward by what a test {@link #advance advances} it: Keycloak's tokens
 * carry real times, and a test lets the broker's floors pass without waiting for them.
 */
final class ShiftedClock extends Clock {

  private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock forward by {@code by}. */
  void advance(Duration by) {
    shift.accumulateAndGet(by, Duration::plus);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a shifted clock is UTC only");
  }
}
