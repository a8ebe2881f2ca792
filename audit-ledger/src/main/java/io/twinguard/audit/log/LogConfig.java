package io.twinguard.audit.log;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the audit log lives and how it commits.
 *
 * @param dbUrl a PostgreSQL URI ({@code postgresql://user:password@host:port/database}); empty to
 *     run an embedded PostgreSQL whose data stays in {@code dataDir/pgdata}
 * @param dataDir the directory for the embedded database and the default key file
 * @param origin the log's origin line in checkpoints, also the name of its signing key
 * @param keyFile the log's Ed25519 private key, PKCS#8 PEM; created when missing
 * @param maxBatch the most records committed in one transaction, 1 or more
 * @param maxAge how long a record waits for others before its batch is committed
 */
public record LogConfig(
    Optional<String> dbUrl,
    Path dataDir,
    String origin,
    Path keyFile,
    int maxBatch,
    Duration maxAge) {

  /** The property names of a configuration file, and the matching environment variables. */
  public static final String DB_URL = "db.url";

  public static final String DATA_DIR = "data.dir";
  public static final String ORIGIN = "log.origin";
  public static final String KEY_FILE = "log.key.file";
  public static final String MAX_BATCH = "log.max.batch";
  public static final String MAX_AGE_MILLIS = "log.max.age.ms";

  /** The environment variable naming a configuration file (Java properties). */
  public static final String CONFIG_ENV = "TWINGUARD_CONFIG";

  static final String DEFAULT_ORIGIN = "twinguard.local/audit";

  /**
   * @throws IllegalArgumentException when a value is out of range
   */
  public LogConfig {
    if (dbUrl == null || dataDir == null || origin == null || keyFile == null || maxAge == null) {
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
  }

  /** The environment variable for a property: {@code db.url} is {@code TWINGUARD_DB_URL}. */
  public static String envName(String property) {
    return "TWINGUARD_" + property.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * Resolves the configuration: an explicit value (a command-line option) wins over the
   * environment, which wins over the configuration file, which wins over the default. The
   * configuration file is {@code configFile} if given, else the one named by {@code
   * TWINGUARD_CONFIG}, else {@code dataDir/twinguard.properties} when it exists.
   *
   * @param explicit values by property name; absent or null means not given
   * @param env the environment
   * @throws IllegalArgumentException when a value is malformed or a named configuration file is
   *     missing
   * @throws UncheckedIOException when the configuration file cannot be read
   */
  public static LogConfig resolve(
      Map<String, String> explicit, Map<String, String> env, Optional<Path> configFile) {
    Map<String, String> layered = new HashMap<>();
    Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get(CONFIG_ENV)).map(Path::of));
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new IllegalArgumentException("no configuration file " + file.get());
    }
    String dataDirValue = first(explicit.get(DATA_DIR), env.get(envName(DATA_DIR)), null);
    Path provisionalDataDir =
        Path.of(dataDirValue != null ? dataDirValue : System.getProperty("user.home") + "/.twinguard");
    Path defaultFile = provisionalDataDir.resolve("twinguard.properties");
    if (file.isEmpty() && Files.isRegularFile(defaultFile)) {
      file = Optional.of(defaultFile);
    }
    file.ifPresent(f -> layered.putAll(readProperties(f)));
    for (String key : new String[] {DB_URL, DATA_DIR, ORIGIN, KEY_FILE, MAX_BATCH, MAX_AGE_MILLIS}) {
      String value = first(explicit.get(key), env.get(envName(key)), layered.get(key));
      if (value != null && !value.isBlank()) {
        layered.put(key, value.strip());
      } else {
        layered.remove(key);
      }
    }
    Path dataDir =
        Path.of(layered.getOrDefault(DATA_DIR, System.getProperty("user.home") + "/.twinguard"));
    return new LogConfig(
        Optional.ofNullable(layered.get(DB_URL)),
        dataDir,
        layered.getOrDefault(ORIGIN, DEFAULT_ORIGIN),
        Path.of(layered.getOrDefault(KEY_FILE, dataDir.resolve("audit-log-key.pem").toString())),
        parseInt(MAX_BATCH, layered.getOrDefault(MAX_BATCH, "512")),
        Duration.ofMillis(parseInt(MAX_AGE_MILLIS, layered.getOrDefault(MAX_AGE_MILLIS, "5"))));
  }

  /** A configuration in a directory of its own, with an embedded database: for tests and demos. */
  public static LogConfig embeddedIn(Path dataDir) {
    return new LogConfig(
        Optional.empty(),
        dataDir,
        DEFAULT_ORIGIN,
        dataDir.resolve("audit-log-key.pem"),
        512,
        Duration.ofMillis(5));
  }

  /** This configuration with another batch size and age. */
  public LogConfig withBatching(int maxBatch, Duration maxAge) {
    return new LogConfig(dbUrl, dataDir, origin, keyFile, maxBatch, maxAge);
  }

  private static String first(String a, String b, String c) {
    return a != null ? a : b != null ? b : c;
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + value, e);
    }
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + file, e);
    }
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return map;
  }
}
