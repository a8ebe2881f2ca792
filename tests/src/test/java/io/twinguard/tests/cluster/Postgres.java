package io.twinguard.tests.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded PostgreSQL that the brokers of a test share, on a fixed port and data directory, so
 * that it can be stopped and started again on the same data (a database outage) while brokers keep
 * their {@code db.url}. Commits are synchronous, as the audit log's own embedded database has them.
 */
final class Postgres implements AutoCloseable {

  private final Path data;
  private final int port;
  private EmbeddedPostgres server;

  private Postgres(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  /**
   * Starts a new server on a free port with {@code data}, which must not exist yet. The server never
   * cleans its data directory: zonky's clean flag would delete it at the first stop.
   */
  static Postgres start(Path data) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Postgres postgres = new Postgres(data, port);
    postgres.server = postgres.builder().start();
    return postgres;
  }

  int port() {
    return port;
  }

  /** The postmaster's pid (its backends are its children). */
  long pid() throws IOException {
    return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
  }

  /** A JDBC session on one of its databases. */
  Connection database(String name) throws SQLException {
    return server.getDatabase("postgres", name).getConnection();
  }

  void createDatabase(String name) throws SQLException {
    try (Connection connection = database("postgres"); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
  }

  /** Stops the server (fast shutdown); the data stays. */
  void stop() throws IOException {
    server.close();
  }

  /** Starts the server again on the same port and data. */
  void restart() throws IOException {
    server = builder().start();
  }

  private EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("synchronous_commit", "on");
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
