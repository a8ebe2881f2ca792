package io.twinguard.broker.arbitration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Arbitrates commands to shared actuators by priority (life safety before comfort).
 *
 * <p>A command leases every actuator it moves for a fixed time. While a lease is live, a command
 * from another caller with a lower priority is refused, naming the holder; an equal or higher
 * priority takes the lease over. The holder renews its lease by commanding again. Leases are
 * granted all-or-nothing, so a command never moves half of its actuators. Thread-safe.
 */
public final class ActuatorLeases {

  private record Lease(String holder, int priority, Instant expires) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Lease> leases = new HashMap<>();

  /**
   * @param clock the time source
   * @param ttl how long a command holds its actuators
   */
  public ActuatorLeases(Clock clock, Duration ttl) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease time must be positive");
    }
    this.ttl = ttl;
  }

  /**
   * Leases {@code actuators} to {@code caller} at {@code priority}, or says who holds one of them.
   *
   * @param caller the caller's identity (SPIFFE ID)
   * @param actuators globally unique actuator keys (target twin and actuator id)
   * @param priority the caller's priority from the policy decision
   */
  public synchronized LeaseResult acquire(String caller, List<String> actuators, int priority) {
    Instant now = clock.instant();
    for (String actuator : actuators) {
      Lease held = leases.get(actuator);
      if (held != null
          && held.expires.isAfter(now)
          && !held.holder.equals(caller)
          && held.priority > priority) {
        return new LeaseResult.Refused(actuator, held.holder, held.priority, held.expires);
      }
    }
    Instant expires = now.plus(ttl);
    for (String actuator : actuators) {
      leases.put(actuator, new Lease(caller, priority, expires));
    }
    leases.values().removeIf(lease -> !lease.expires.isAfter(now));
    return new LeaseResult.Granted(expires);
  }

  /** Ends {@code caller}'s leases on {@code actuators}; leases held by others stay. */
  public synchronized void release(String caller, List<String> actuators) {
    for (String actuator : actuators) {
      leases.computeIfPresent(actuator, (key, lease) -> lease.holder.equals(caller) ? null : lease);
    }
  }
}
