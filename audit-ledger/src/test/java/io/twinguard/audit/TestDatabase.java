package io.twinguard.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for one test class, reachable by URI like any external database; {@link
 * #newDatabase()} gives each test a database of its own on the same server.
 */
public final class TestDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final AtomicInteger databases = new AtomicInteger();

  private TestDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static TestDatabase start(Path dir) {
    try {
      return new TestDatabase(
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(true)
              .setServerConfig("synchronous_commit", "on")
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String uri() {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Creates an empty database on this server and returns its URI. */
  public String newDatabase() {
    String name = "test_" + databases.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + name;
  }

  /** A JDBC session on a database of this server, given by its URI, for a test's own SQL. */
  public Connection session(String uri) throws SQLException {
    return postgres.getDatabase("postgres", uri.substring(uri.lastIndexOf('/') + 1)).getConnection();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
