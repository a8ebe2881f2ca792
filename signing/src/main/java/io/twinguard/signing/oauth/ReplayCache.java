package io.twinguard.signing.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link ReplayGuard} for one process: remembers each proof identifier until its
 * {@code forgetAfter} has passed, then lets it go. It holds about {@code capacity} live
 * identifiers; when full of identifiers that are not due yet it refuses new ones (fail closed: a
 * flood of proofs can deny service, never replay one). Thread-safe; each identifier is accepted
 * at most once while remembered.
 */
public final class ReplayCache implements ReplayGuard {

  private final Clock clock;
  private final int capacity;
  private final ConcurrentMap<String, Instant> seen = new ConcurrentHashMap<>();

  /** @throws IllegalArgumentException when {@code capacity} is not positive */
  public ReplayCache(Clock clock, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public boolean firstUse(String jti, Instant forgetAfter) {
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(forgetAfter, "forgetAfter");
    Instant now = clock.instant();
    if (seen.size() >= capacity) {
      seen.values().removeIf(due -> !due.isAfter(now));
      if (seen.size() >= capacity) {
        return false;
      }
    }
    Instant[] previous = new Instant[1];
    seen.compute(jti, (key, due) -> {
      previous[0] = due;
      return due != null && due.isAfter(now) ? due : forgetAfter;
    });
    return previous[0] == null || !previous[0].isAfter(now);
  }

  /** How many identifiers are remembered now, including some that may be due. */
  public int size() {
    return seen.size();
  }
}
