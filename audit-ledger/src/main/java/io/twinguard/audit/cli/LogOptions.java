package io.twinguard.audit.cli;

import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the audit log is, shared by every audit subcommand. The settings are bound once per
 * command from the defaults, the YAML file ({@code --config}, else {@code TWINGUARD_CONFIG}), the
 * {@code TWINGUARD_*} variables and, on top, these options ({@code --db-url} is {@code db.url},
 * {@code --data-dir} {@code data_dir}, {@code --origin} {@code log.origin}, {@code --key-file}
 * {@code log.key_file}).
 */
public final class LogOptions {

  /** The properties file the audit commands read before the settings became YAML. */
  static final String LEGACY_PROPERTIES = "twinguard.properties";

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--db-url", description = "PostgreSQL URI, postgresql://user:password@host:port/db (default: an embedded PostgreSQL in the data dir)")
  String dbUrl;

  @Option(names = "--data-dir", description = "directory for the embedded PostgreSQL and the key (default: ~/.twinguard)")
  Path dataDir;

  @Option(names = "--origin", description = "the log origin, the first line of its checkpoints (default: twinguard.local/audit)")
  String origin;

  @Option(names = "--key-file", description = "the log's Ed25519 key, PKCS#8 PEM, created if missing (default: DATA_DIR/audit-log-key.pem)")
  Path keyFile;

  @Option(names = "--config", paramLabel = "FILE", description = "a YAML settings file, as twinguard serve reads (default: the file named by TWINGUARD_CONFIG)")
  Path config;

  /**
   * Binds the settings: defaults, the YAML file, {@code TWINGUARD_*} variables, then these options
   * and the Fabric option when given.
   *
   * @throws io.twinguard.common.settings.SettingsException naming a refused setting and its source
   * @throws IllegalArgumentException when the data directory holds a {@code twinguard.properties},
   *     which is no longer read: its settings must not silently stop applying
   */
  TwinguardSettings settings(Optional<FabricOptions> fabric) {
    SettingsLoader loader = SettingsLoader.defaults()
        .file(Optional.ofNullable(config))
        .environment(environment())
        .option("db.url", "--db-url", dbUrl)
        .option("data_dir", "--data-dir", text(dataDir))
        .option("log.origin", "--origin", origin)
        .option("log.key_file", "--key-file", text(keyFile));
    if (fabric.isPresent()) {
      loader = fabric.get().applyTo(loader);
    }
    TwinguardSettings settings = loader.load().settings();
    Path legacy = settings.dataDir().resolve(LEGACY_PROPERTIES);
    if (Files.exists(legacy)) {
      throw new IllegalArgumentException(legacy + " is no longer read: move its settings to a YAML file given"
          + " with --config or TWINGUARD_CONFIG (see audit-ledger/README.md), then delete it");
    }
    return settings;
  }

  /** The environment the audit command was given (the process's, unless a test gave another). */
  private Map<String, String> environment() {
    CommandSpec parent = command == null ? null : command.parent();
    return parent != null && parent.userObject() instanceof AuditCommand audit ? audit.environment() : System.getenv();
  }

  private static String text(Path path) {
    return path == null ? null : path.toString();
  }
}
