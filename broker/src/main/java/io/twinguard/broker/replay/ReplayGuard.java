package io.twinguard.broker.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Refuses replayed signed requests: a signature's {@code created} time must lie within a window
 * around now, and its nonce must not have been seen from the same key while it could still pass
 * that check. Memory is bounded: when the cache is full the guard refuses new requests (fail
 * closed) rather than forget a nonce that is still live. Thread-safe.
 */
public final class ReplayGuard {

  /** The verdict on one request. */
  public enum Verdict {
    ACCEPTED,
    /** The nonce was already used by this key within the window. */
    REPLAYED,
    /** {@code created} lies outside the window: too old, or too far in the future. */
    STALE,
    /** The cache is full; the request is refused so that no live nonce is forgotten. */
    OVERLOADED
  }

  private record Entry(String key, Instant expires) {}

  private final Clock clock;
  private final Duration window;
  private final int capacity;
  private final Map<String, Instant> seen = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>((a, b) -> a.expires.compareTo(b.expires));

  /**
   * @param window how far {@code created} may lie from now, either way (clock skew plus transit)
   * @param capacity the most nonces kept at once
   */
  public ReplayGuard(Clock clock, Duration window, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (window.isNegative() || window.isZero() || capacity < 1) {
      throw new IllegalArgumentException("window and capacity must be positive");
    }
    this.window = window;
    this.capacity = capacity;
  }

  /** How far {@code created} may lie from now, either way. */
  public Duration window() {
    return window;
  }

  /**
   * Checks and records one request.
   *
   * @param keyId the signing key's id
   * @param nonce the signature's nonce
   * @param created the signature's {@code created} time
   */
  public synchronized Verdict check(String keyId, String nonce, Instant created) {
    Instant now = clock.instant();
    if (created.isBefore(now.minus(window)) || created.isAfter(now.plus(window))) {
      return Verdict.STALE;
    }
    evictExpired(now);
    String key = keyId.length() + ":" + keyId + nonce;
    if (seen.containsKey(key)) {
      return Verdict.REPLAYED;
    }
    if (seen.size() >= capacity) {
      return Verdict.OVERLOADED;
    }
    Instant expires = created.plus(window);
    seen.put(key, expires);
    byExpiry.add(new Entry(key, expires));
    return Verdict.ACCEPTED;
  }

  private void evictExpired(Instant now) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expires.isBefore(now)) {
      seen.remove(byExpiry.poll().key);
    }
  }
}
