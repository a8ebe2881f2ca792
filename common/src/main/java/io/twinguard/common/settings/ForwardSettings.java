package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.time.Duration;

/**
 * How the broker forwards calls to twins ({@code forward.*}).
 *
 * @param timeoutMs the longest a forwarded call may take, in milliseconds, 1 or more
 * @param breakerMaxFailures failures in a row that open a twin's circuit breaker, 1 or more
 * @param breakerResetMs how long an open breaker waits before trying again, in milliseconds, 1 or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ForwardSettings(int timeoutMs, int breakerMaxFailures, int breakerResetMs) {

  public ForwardSettings {
    Check.atLeast("timeout_ms", timeoutMs, 1);
    Check.atLeast("breaker_max_failures", breakerMaxFailures, 1);
    Check.atLeast("breaker_reset_ms", breakerResetMs, 1);
  }

  /** {@link #timeoutMs} as a duration. */
  public Duration timeout() {
    return Duration.ofMillis(timeoutMs);
  }

  /** {@link #breakerResetMs} as a duration. */
  public Duration breakerReset() {
    return Duration.ofMillis(breakerResetMs);
  }
}
