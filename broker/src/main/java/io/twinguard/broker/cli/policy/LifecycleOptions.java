package io.twinguard.broker.cli.policy;

import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the audit log and the policy schema are, for the commands that read them (replay,
 * explain): the settings {@code twinguard serve} reads (defaults, {@code --config} else {@code
 * TWINGUARD_CONFIG}, {@code TWINGUARD_*} variables), with {@code --db-url} and {@code --data-dir}
 * on top. The broker's own embedded PostgreSQL can be read only while that broker is stopped; give
 * a running ecosystem's shared database with {@code --db-url}.
 */
public final class LifecycleOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "A YAML settings file, as twinguard serve reads.")
  Path config;

  @Option(names = "--db-url", paramLabel = "URI",
      description = "The audit log's PostgreSQL, postgresql://user:password@host:port/db (default: db.url).")
  String dbUrl;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory (default: data_dir).")
  Path dataDir;

  /**
   * The settings, bound from the process environment.
   *
   * @throws io.twinguard.common.settings.SettingsException naming a refused setting and its source
   */
  TwinguardSettings settings(Map<String, String> environment) {
    return SettingsLoader.defaults()
        .file(Optional.ofNullable(config))
        .environment(environment)
        .option("db.url", "--db-url", dbUrl)
        .option("data_dir", "--data-dir", dataDir == null ? null : dataDir.toString())
        .load()
        .settings();
  }
}
