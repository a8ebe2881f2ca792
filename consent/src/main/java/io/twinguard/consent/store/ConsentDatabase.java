package io.twinguard.consent.store;

import io.twinguard.audit.log.SchemaMigration;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The consent store's schema ({@value #SCHEMA}) in the audit log's database: migrated with Flyway
 * over JDBC (its own history table in that schema), then checked to be the version this code
 * expects. Blocking: call it from a worker thread.
 */
public final class ConsentDatabase {

  /** The PostgreSQL schema of every consent table. */
  public static final String SCHEMA = "consent";

  /** The schema version this code reads and writes (the last Flyway migration). */
  public static final String SCHEMA_VERSION = "5";

  private static final SchemaMigration MIGRATION =
      new SchemaMigration(SCHEMA, "classpath:io/twinguard/consent/db/migration", SCHEMA_VERSION);

  private ConsentDatabase() {}

  /**
   * Migrates the consent schema of the database {@code options} points at.
   *
   * @throws IllegalStateException when the schema is at another version than this code expects
   * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or migrated
   */
  public static void migrate(PgConnectOptions options) {
    MIGRATION.migrate(options);
  }
}
