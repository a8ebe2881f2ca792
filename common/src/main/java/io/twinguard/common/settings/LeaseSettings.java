package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.time.Duration;

/**
 * Actuator leases ({@code leases.*}).
 *
 * @param ttlS how long, in seconds, a lease lasts unless released, 1 or more
 * @throws IllegalArgumentException naming the setting when the value is out of range
 */
public record LeaseSettings(int ttlS) {

  public LeaseSettings {
    Check.atLeast("ttl_s", ttlS, 1);
  }

  /** {@link #ttlS} as a duration. */
  public Duration ttl() {
    return Duration.ofSeconds(ttlS);
  }
}
