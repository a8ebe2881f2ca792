package io.twinguard.broker.lifecycle.store;

import io.vertx.pgclient.PgConnectOptions;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The policy lifecycle's schema ({@value #SCHEMA}) in the audit log's database: migrated with
 * Flyway over JDBC (its own history table in that schema), then checked to be the version this code
 * expects. Blocking: call it from a worker thread.
 */
public final class PolicyDatabase {

  /** The PostgreSQL schema of every table of the policy lifecycle. */
  public static final String SCHEMA = "policy";

  /** The schema version this code reads and writes (the last Flyway migration). */
  public static final String SCHEMA_VERSION = "1";

  private static final String MIGRATIONS = "classpath:io/twinguard/broker/lifecycle/db/migration";

  /** Flyway logs every start at INFO through java.util.logging; held so the level sticks. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(Level.WARNING);
  }

  private PolicyDatabase() {}

  /**
   * Migrates the policy schema of the database {@code options} points at.
   *
   * @throws IllegalStateException when the schema is at another version than this code expects
   * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or migrated
   */
  public static void migrate(PgConnectOptions options) {
    String url = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Flyway flyway = Flyway.configure()
        .dataSource(url, options.getUser(), options.getPassword())
        .schemas(SCHEMA)
        .defaultSchema(SCHEMA)
        .createSchemas(true)
        .locations(MIGRATIONS)
        .load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    String version = current == null ? "none" : current.getVersion().getVersion();
    if (!SCHEMA_VERSION.equals(version)) {
      throw new IllegalStateException(
          "the policy schema has version " + version + " but this twinguard expects " + SCHEMA_VERSION);
    }
  }
}
