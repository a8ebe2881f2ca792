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
 * @param writers whether this process is the log's only writer or one of several sharing it
 * @param takeoverMs with shared writers, how often, in milliseconds, a standby tries to become the
 *     log's integrator: the bound on how long the log goes without one after its integrator died,
 *     1 or more
 * @param integrationTimeoutMs with shared writers, how long, in milliseconds, a writer waits for an
 *     accepted record's index before that wait fails (the record stays durable and is integrated
 *     later), 1 or more; also the longest a shared writer's statement may run ({@code
 *     statement_timeout}) and the longest it holds a batch while the backlog is full
 * @param maxBacklog with shared writers, how many entries may be accepted and not yet integrated
 *     before writers hold further batches (and fail them after {@code integration_timeout_ms}), 1 or
 *     more
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record LogSettings(String origin, Path keyFile, int maxBatch, int maxAgeMs, int maxInFlight,
    WriteAhead writeAhead, Writers writers, int takeoverMs, int integrationTimeoutMs,
    int maxBacklog) {

  /** Which calls the broker records before it forwards them (and again with their outcome). */
  public enum WriteAhead {
    /** Calls that change the world: gateway commands and operations the registry marks as commands. */
    COMMANDS,
    /** Every forwarded call, reads too. */
    ALL
  }

  /** Who writes the log. */
  public enum Writers {
    /** This process alone: it gives each record its index as it commits it. */
    SINGLE,
    /**
     * Several processes on one database: each accepts records durably into a queue of entries, and
     * one integrator at a time (chosen by a PostgreSQL advisory lock) gives them their indices.
     */
    SHARED
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
    Check.present("writers", writers);
    Check.atLeast("takeover_ms", takeoverMs, 1);
    Check.atLeast("integration_timeout_ms", integrationTimeoutMs, 1);
    Check.atLeast("max_backlog", maxBacklog, 1);
  }

  /** {@link #maxAgeMs} as a duration. */
  public Duration maxAge() {
    return Duration.ofMillis(maxAgeMs);
  }

  /** {@link #takeoverMs} as a duration. */
  public Duration takeover() {
    return Duration.ofMillis(takeoverMs);
  }

  /** {@link #integrationTimeoutMs} as a duration. */
  public Duration integrationTimeout() {
    return Duration.ofMillis(integrationTimeoutMs);
  }
}
