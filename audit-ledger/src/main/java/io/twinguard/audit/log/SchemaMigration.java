package io.twinguard.audit.log;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * A schema that a module keeps in the audit log's database ({@link AuditLog#connectOptions}),
 * migrated with Flyway over JDBC (its own history table in that schema) and then checked to be the
 * version the module's code expects, so that a broker never runs against tables it does not know.
 * Blocking: call {@link #migrate} from a worker thread.
 *
 * @param schema the PostgreSQL schema of every table of the module
 * @param location where its migrations are, e.g. {@code classpath:io/twinguard/consent/db/migration}
 * @param expectedVersion the version its code reads and writes (the last migration)
 */
public record SchemaMigration(String schema, String location, String expectedVersion) {

  /** Flyway logs every start at INFO through java.util.logging; held so the level sticks. */
  private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(Level.WARNING);
  }

  public SchemaMigration {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }

  /**
   * Migrates the schema in the database {@code options} points at.
   *
   * @throws IllegalStateException when the schema is at another version than expected
   * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or migrated
   */
  public void migrate(PgConnectOptions options) {
    String url = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Flyway flyway = Flyway.configure()
        .dataSource(url, options.getUser(), options.getPassword())
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations(location)
        .load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    String version = current == null ? "none" : current.getVersion().getVersion();
    if (!expectedVersion.equals(version)) {
      throw new IllegalStateException(
          "the " + schema + " schema has version " + version + " but this twinguard expects " + expectedVersion);
    }
  }
}
