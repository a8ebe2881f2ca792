package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import java.time.Duration;

/**
 * When the audit log is anchored ({@code anchor.*}): after so many records or so much time,
 * whichever comes first.
 *
 * @param everyRecords anchor as soon as this many records are unanchored, 1 or more
 * @param everyMs anchor unanchored records at least this often, in milliseconds, 1 or more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record AnchorSettings(long everyRecords, int everyMs) {

  public AnchorSettings {
    Check.atLeast("every_records", everyRecords, 1);
    Check.atLeast("every_ms", everyMs, 1);
  }

  /** {@link #everyMs} as a duration. */
  public Duration every() {
    return Duration.ofMillis(everyMs);
  }
}
