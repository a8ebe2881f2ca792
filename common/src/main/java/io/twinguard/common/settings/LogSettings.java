package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit log ({@code log.*}).
 *
 * @param origin the first line of its checkpoints and the name of its key: one non-empty line
 * @param keyFile its Ed25519 private key, PKCS#8 PEM, created on first use (the loader fills in
 *     {@code data_dir/audit-log-key.pem} when the setting is empty)
 * @param maxBatch the most records committed in one batch, 1 or more
 * @param maxAgeMs how long a record waits for others before its batch is committed while the most
 *     batches are in flight, 0 or more
 * @param maxInFlight how many batches may be committing at once, 1 or more
 * @param writeAhead which forwarded calls get a record before the target is called
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record LogSettings(String origin, Path keyFile, int maxBatch, int maxAgeMs, int maxInFlight,
    WriteAhead writeAhead) {

  /** Which calls the broker records before it forwards them (and again with their outcome). */
  public enum WriteAhead {
    /** Calls that change the world: gateway commands and operations the registry marks as commands. */
    COMMANDS,
    /** Every forwarded call, reads too. */
    ALL
  }

  public LogSettings {
    Check.text("origin", origin);
    if (origin.contains("\n")) {
      throw InvalidValue.of("origin", "must be one line", origin);
    }
    Check.present("key_file", keyFile);
    Check.atLeast("max_batch", maxBatch, 1);
    Check.atLeast("max_age_ms", maxAgeMs, 0);
    Check.atLeast("max_in_flight", maxInFlight, 1);
    Check.present("write_ahead", writeAhead);
  }

  /** {@link #maxAgeMs} as a duration. */
  public Duration maxAge() {
    return Duration.ofMillis(maxAgeMs);
  }
}
