package io.twinguard.audit.cli;

import io.twinguard.audit.log.LogConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the audit log is, shared by every audit subcommand. An option wins over the environment
 * ({@code TWINGUARD_DB_URL}, {@code TWINGUARD_DATA_DIR}, {@code TWINGUARD_LOG_ORIGIN}, {@code
 * TWINGUARD_LOG_KEY_FILE}, {@code TWINGUARD_CONFIG}), which wins over the configuration file.
 */
public final class LogOptions {

  @Option(names = "--db-url", description = "PostgreSQL URI, postgresql://user:password@host:port/db (default: an embedded PostgreSQL in the data dir)")
  String dbUrl;

  @Option(names = "--data-dir", description = "directory for the embedded PostgreSQL and the key (default: ~/.twinguard)")
  Path dataDir;

  @Option(names = "--origin", description = "the log origin, the first line of its checkpoints (default: twinguard.local/audit)")
  String origin;

  @Option(names = "--key-file", description = "the log's Ed25519 key, PKCS#8 PEM, created if missing (default: DATA_DIR/audit-log-key.pem)")
  Path keyFile;

  @Option(names = "--config", description = "a properties file with db.url, data.dir, log.origin, log.key.file (default: DATA_DIR/twinguard.properties)")
  Path config;

  /** Resolves options, environment, configuration file and defaults. */
  LogConfig resolve() {
    Map<String, String> explicit = new HashMap<>();
    explicit.put(LogConfig.DB_URL, dbUrl);
    explicit.put(LogConfig.DATA_DIR, dataDir == null ? null : dataDir.toString());
    explicit.put(LogConfig.ORIGIN, origin);
    explicit.put(LogConfig.KEY_FILE, keyFile == null ? null : keyFile.toString());
    return LogConfig.resolve(explicit, System.getenv(), Optional.ofNullable(config));
  }
}
