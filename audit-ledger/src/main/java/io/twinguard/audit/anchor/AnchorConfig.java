package io.twinguard.audit.anchor;

import io.twinguard.audit.log.LogConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether and how the audit log is anchored on Fabric, resolved from the same places as {@link
 * LogConfig}: an explicit value wins over the environment ({@code TWINGUARD_FABRIC_DIR}, {@code
 * TWINGUARD_ANCHOR_EVERY_RECORDS}, {@code TWINGUARD_ANCHOR_EVERY_MS}, {@code
 * TWINGUARD_FABRIC_DEADLINE_MS}), which wins over the configuration file, which wins over the
 * default.
 *
 * @param fabricDir the Fabric network directory holding {@code network.properties}; empty means
 *     anchoring is off
 * @param options when to anchor
 * @param deadline the longest one Fabric call may take
 */
public record AnchorConfig(Optional<Path> fabricDir, AnchoringOptions options, Duration deadline) {

  public static final String FABRIC_DIR = "fabric.dir";
  public static final String EVERY_RECORDS = "anchor.every.records";
  public static final String EVERY_MILLIS = "anchor.every.ms";
  public static final String DEADLINE_MILLIS = "fabric.deadline.ms";

  /** @throws IllegalArgumentException when a value is missing or the deadline not positive */
  public AnchorConfig {
    if (fabricDir == null || options == null || deadline == null) {
      throw new IllegalArgumentException("every anchoring setting needs a value");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the Fabric deadline must be positive");
    }
  }

  /** Whether a Fabric network is configured. */
  public boolean enabled() {
    return fabricDir.isPresent();
  }

  /**
   * Resolves the anchoring settings. The configuration file is {@code configFile} if given, else
   * the one named by {@code TWINGUARD_CONFIG}, else {@code twinguard.properties} in the log's data
   * directory when it exists.
   *
   * @param explicit values by property name; absent or null means not given
   * @throws IllegalArgumentException when a number is malformed or out of range, or a named
   *     configuration file is missing
   * @throws UncheckedIOException when the configuration file cannot be read
   */
  public static AnchorConfig resolve(
      Map<String, String> explicit, Map<String, String> env, Optional<Path> configFile, LogConfig log) {
    Optional<Path> file =
        configFile.or(() -> Optional.ofNullable(env.get(LogConfig.CONFIG_ENV)).map(Path::of));
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new IllegalArgumentException("no configuration file " + file.get());
    }
    Path defaultFile = log.dataDir().resolve("twinguard.properties");
    if (file.isEmpty() && Files.isRegularFile(defaultFile)) {
      file = Optional.of(defaultFile);
    }
    Properties properties = file.map(AnchorConfig::read).orElseGet(Properties::new);
    AnchoringOptions d = AnchoringOptions.DEFAULTS;
    Optional<String> dir = value(FABRIC_DIR, explicit, env, properties);
    long everyRecords =
        number(EVERY_RECORDS, value(EVERY_RECORDS, explicit, env, properties), d.everyRecords());
    long everyMillis =
        number(EVERY_MILLIS, value(EVERY_MILLIS, explicit, env, properties), d.every().toMillis());
    long deadlineMillis = number(DEADLINE_MILLIS, value(DEADLINE_MILLIS, explicit, env, properties), 30_000);
    return new AnchorConfig(
        dir.map(Path::of),
        d.withTrigger(everyRecords, Duration.ofMillis(everyMillis)),
        Duration.ofMillis(deadlineMillis));
  }

  private static Optional<String> value(
      String key, Map<String, String> explicit, Map<String, String> env, Properties file) {
    String v = explicit.get(key);
    if (v == null) {
      v = env.get(LogConfig.envName(key));
    }
    if (v == null) {
      v = file.getProperty(key);
    }
    return Optional.ofNullable(v).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static long number(String key, Optional<String> value, long fallback) {
    try {
      return value.isPresent() ? Long.parseLong(value.get()) : fallback;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + value.get(), e);
    }
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + file, e);
    }
    return properties;
  }
}
