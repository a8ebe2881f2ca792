package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.LogConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The PostgreSQL database of the log: the configured one, or an embedded one started here with its
 * data kept in {@code dataDir/pgdata}. Starting migrates the schema with Flyway over JDBC (the only
 * use of JDBC) and checks that the schema is the version this code expects. Blocking: call it from
 * a worker thread.
 */
public final class Database implements AutoCloseable {

  /** The schema version this code reads and writes (the last Flyway migration). */
  public static final String SCHEMA_VERSION = "6";

  private static final String MIGRATIONS = "classpath:io/twinguard/audit/db/migration";

  /** Flyway logs every start at INFO through java.util.logging; held so the level sticks. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(Level.WARNING);
  }

  private final Optional<EmbeddedPostgres> embedded;
  private final PgConnectOptions connectOptions;

  private Database(Optional<EmbeddedPostgres> embedded, PgConnectOptions connectOptions) {
    this.embedded = embedded;
    this.connectOptions = connectOptions;
  }

  /**
   * Starts (if embedded) and migrates the database.
   *
   * @throws UncheckedIOException when the embedded database cannot start
   * @throws IllegalStateException when the schema is newer than this code
   */
  public static Database start(LogConfig config) {
    Database database;
    if (config.dbUrl().isPresent()) {
      database = new Database(Optional.empty(), PgConnectOptions.fromUri(config.dbUrl().get()));
    } else {
      EmbeddedPostgres pg = startEmbedded(config.dataDir().resolve("pgdata"));
      database =
          new Database(
              Optional.of(pg),
              new PgConnectOptions()
                  .setHost("127.0.0.1")
                  .setPort(pg.getPort())
                  .setDatabase("postgres")
                  .setUser("postgres")
                  .setPassword("postgres"));
    }
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /** Where the reactive client connects. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  /** The JDBC URL of the database, for tools that need one (Flyway). */
  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + connectOptions.getHost()
        + ":"
        + connectOptions.getPort()
        + "/"
        + connectOptions.getDatabase();
  }

  private void migrate() {
    Flyway flyway =
        Flyway.configure()
            .dataSource(jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword())
            .locations(MIGRATIONS)
            .load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    String version = current == null ? "none" : current.getVersion().getVersion();
    if (!SCHEMA_VERSION.equals(version)) {
      throw new IllegalStateException(
          "the audit log database has schema version "
              + version
              + " but this twinguard expects "
              + SCHEMA_VERSION);
    }
  }

  /** Stops the embedded database, if this started one. */
  @Override
  public void close() {
    embedded.ifPresent(
        pg -> {
          try {
            pg.close();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
          }
        });
  }

  private static EmbeddedPostgres startEmbedded(Path pgdata) {
    try {
      Files.createDirectories(pgdata.getParent());
      stopOrphanedPostmaster(pgdata);
      return EmbeddedPostgres.builder()
          .setDataDirectory(pgdata)
          .setCleanDataDirectory(false)
          // zonky turns synchronous_commit off by default; an append is acknowledged only when
          // its commit is on disk, so it must be on
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgdata, e);
    }
  }

  /**
   * A process killed without a chance to stop its embedded PostgreSQL leaves the server running on
   * the data directory, which then refuses a new server. Such a server has no client left: ask it
   * to shut down and wait for it.
   */
  private static void stopOrphanedPostmaster(Path pgdata) throws IOException {
    Path pidFile = pgdata.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()
        || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
      return;
    }
    process.get().destroy();
    try {
      process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("PostgreSQL " + pid + " on " + pgdata + " did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for PostgreSQL " + pid + " to stop", e);
    }
  }
}
