package io.twinguard.audit.log;

import io.twinguard.common.settings.LogSettings;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the audit log lives and how it commits.
 *
 * @param dbUrl a PostgreSQL URI ({@code postgresql://user:password@host:port/database}); empty to
 *     run an embedded PostgreSQL whose data stays in {@code dataDir/pgdata}
 * @param dataDir the directory for the embedded database and the default key file
 * @param origin the log's origin line in checkpoints, also the name of its signing key
 * @param keyFile the log's Ed25519 private key, PKCS#8 PEM; created when missing
 * @param maxBatch the most records committed in one transaction, 1 or more
 * @param maxAge how long a record may wait for others while the most commits are in flight; a batch
 *     goes at once when no commit is in flight
 * @param maxInFlight how many batches may be committing at once, 1 or more: each is computed on the
 *     tree the one before it will leave and pipelined behind it on one connection (with shared
 *     writers: how many batches of entries may be committing at once, each on a connection)
 * @param writers {@code SINGLE}: this process alone writes the log; {@code SHARED}: several
 *     processes do, each accepting records into the log's entries, one of them integrating
 * @param takeover with shared writers, how often a standby tries to become the integrator
 * @param integrationTimeout with shared writers, how long a wait for an accepted record's index may last;
 *     also the writers' and the integrator's statement timeout and the longest a batch is held while
 *     the backlog is full
 * @param maxBacklog with shared writers, how many entries may be accepted and not yet integrated
 *     before writers hold further batches
 */
public record LogConfig(
    Optional<String> dbUrl,
    Path dataDir,
    String origin,
    Path keyFile,
    int maxBatch,
    Duration maxAge,
    int maxInFlight,
    LogSettings.Writers writers,
    Duration takeover,
    Duration integrationTimeout,
    int maxBacklog) {

  private static final LogSettings DEFAULTS = SettingsLoader.defaults().load().settings().log();

  /**
   * @throws IllegalArgumentException when a value is out of range
   */
  public LogConfig {
    if (dbUrl == null || dataDir == null || origin == null || keyFile == null || maxAge == null
        || writers == null || takeover == null || integrationTimeout == null) {
      throw new IllegalArgumentException("every setting needs a value");
    }
    if (origin.isBlank() || origin.contains("\n")) {
      throw new IllegalArgumentException("the log origin must be one non-empty line");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch must be at least 1, not " + maxBatch);
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("max age must not be negative");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max in flight must be at least 1, not " + maxInFlight);
    }
    if (takeover.toMillis() < 1 || integrationTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("the takeover interval and integration timeout must be at least 1 ms");
    }
    if (maxBacklog < 1) {
      throw new IllegalArgumentException("max backlog must be at least 1, not " + maxBacklog);
    }
  }

  /**
   * A configuration with the default backlog bound ({@code log.max_backlog}).
   *
   * @throws IllegalArgumentException when a value is out of range
   */
  public LogConfig(Optional<String> dbUrl, Path dataDir, String origin, Path keyFile, int maxBatch, Duration maxAge,
      int maxInFlight, LogSettings.Writers writers, Duration takeover, Duration integrationTimeout) {
    this(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, maxInFlight, writers, takeover, integrationTimeout,
        DEFAULTS.maxBacklog());
  }

  /**
   * A single writer's configuration.
   *
   * @throws IllegalArgumentException when a value is out of range
   */
  public LogConfig(Optional<String> dbUrl, Path dataDir, String origin, Path keyFile, int maxBatch, Duration maxAge,
      int maxInFlight) {
    this(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, maxInFlight, LogSettings.Writers.SINGLE,
        DEFAULTS.takeover(), DEFAULTS.integrationTimeout());
  }

  /**
   * A configuration with the default number of batches in flight ({@code log.max_in_flight}).
   *
   * @throws IllegalArgumentException when a value is out of range
   */
  public LogConfig(Optional<String> dbUrl, Path dataDir, String origin, Path keyFile, int maxBatch, Duration maxAge) {
    this(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, DEFAULTS.maxInFlight());
  }

  /**
   * The log's part of the settings: {@code db.url}, {@code data_dir} and {@code log.*}.
   */
  public static LogConfig from(TwinguardSettings settings) {
    return new LogConfig(
        settings.db().url(),
        settings.dataDir(),
        settings.log().origin(),
        settings.log().keyFile(),
        settings.log().maxBatch(),
        settings.log().maxAge(),
        settings.log().maxInFlight(),
        settings.log().writers(),
        settings.log().takeover(),
        settings.log().integrationTimeout(),
        settings.log().maxBacklog());
  }

  /**
   * The default settings with the data in {@code dataDir}: an embedded database there and the key
   * file in it. For tests and the demo.
   */
  public static LogConfig embeddedIn(Path dataDir) {
    return from(SettingsLoader.defaults()
        .option("data_dir", "LogConfig.embeddedIn", dataDir.toString())
        .load()
        .settings());
  }

  /** This configuration with another batch size and age. */
  public LogConfig withBatching(int maxBatch, Duration maxAge) {
    return new LogConfig(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, maxInFlight, writers, takeover,
        integrationTimeout, maxBacklog);
  }

  /** This configuration with another number of batches in flight. */
  public LogConfig withInFlight(int maxInFlight) {
    return new LogConfig(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, maxInFlight, writers, takeover,
        integrationTimeout, maxBacklog);
  }

  /** This configuration as one of several writers sharing the log, with these intervals. */
  public LogConfig shared(Duration takeover, Duration integrationTimeout) {
    return new LogConfig(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, maxInFlight, LogSettings.Writers.SHARED,
        takeover, integrationTimeout, maxBacklog);
  }

  /** This configuration with another bound on the shared writers' backlog. */
  public LogConfig withBacklog(int maxBacklog) {
    return new LogConfig(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge, maxInFlight, writers, takeover,
        integrationTimeout, maxBacklog);
  }

  /** Whether several processes write this log ({@code log.writers: shared}). */
  public boolean sharedWriters() {
    return writers == LogSettings.Writers.SHARED;
  }
}
