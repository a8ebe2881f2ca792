package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The brokers' audit logs as the tests inspect them: a log per broker, or the one log that brokers
 * with shared writers keep ({@link Brokers.Layout#sharedLog}): what it holds, whether its indices
 * are dense, who integrates, whether {@code twinguard audit verify} passes. Every wait polls with a
 * bound.
 */
final class AuditLogs {

  /** The database of the log that every broker of a shared-log layout writes. */
  static final String SHARED = "audit";

  /** The client ports of the connections that hold an advisory lock, by the connection's application name. */
  private static final String HOLDER = "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
      + " WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = ?";

  /** The application name of the integrator's connection, which holds its lock. */
  static final String INTEGRATOR = "twinguard-audit-integrate";

  /** The application name of the anchoring service's connection, which holds its lock. */
  static final String ANCHORING = "twinguard-audit-anchor";

  private final Brokers brokers;

  AuditLogs(Brokers brokers) {
    this.brokers = brokers;
  }

  /** The broker that holds the integrator's lock, waiting (at most a minute) until a live one does. */
  int integrating() throws Exception {
    return holding(INTEGRATOR);
  }

  /**
   * The broker whose connection named {@code application} holds an advisory lock ({@link
   * #INTEGRATOR}, {@link #ANCHORING}), waiting (at most a minute) until a live one does.
   */
  int holding(String application) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      int holder = holder(application);
      if (holder >= 0) {
        return holder;
      }
      assertTrue(System.nanoTime() < deadline, "no broker took the lock of " + application + " within a minute");
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** How many of {@code decisionIds} broker {@code i}'s audit log holds. */
  int recorded(int i, List<String> decisionIds) throws SQLException {
    try (Connection connection = brokers.postgres().database(brokers.database(i));
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(DISTINCT decision_id) FROM log_leaf WHERE decision_id = ANY (?)")) {
      Array ids = connection.createArrayOf("text", decisionIds.toArray());
      query.setArray(1, ids);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  /** Whether broker {@code i}'s log indices run from 0 without a gap. */
  boolean dense(int i) throws SQLException {
    return number(brokers.database(i), "SELECT count(*) FROM log_leaf")
        == number(brokers.database(i), "SELECT coalesce(max(idx), -1) + 1 FROM log_leaf");
  }

  /**
   * Waits (at most two minutes) until no entry waits for integration, then counts how many of
   * {@code decisionIds} the log's leaves hold.
   */
  int awaitIntegrated(List<String> decisionIds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (number(SHARED, "SELECT count(*) FROM log_entry") > 0) {
      assertTrue(System.nanoTime() < deadline, "entries still wait for integration after two minutes");
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return recorded(0, decisionIds);
  }

  /** Whether the leaves' indices run from 0 without a gap and no entry waits. */
  boolean denseWithNothingWaiting() throws SQLException {
    return dense(0) && number(SHARED, "SELECT count(*) FROM log_entry") == 0;
  }

  /** Runs {@code twinguard audit verify} on the log in a JVM of its own; its exit code (0: clean). */
  int auditVerify(Map<String, String> environment, String... options) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path out = Files.createTempFile("twinguard-verify", ".log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, "io.twinguard.cli.Twinguard", "audit", "verify")
        .redirectErrorStream(true).redirectOutput(out.toFile());
    builder.command().addAll(List.of(options));
    builder.environment().keySet().removeIf(key -> key.startsWith("TWINGUARD_"));
    builder.environment().putAll(environment);
    Process verify = builder.start();
    assertTrue(verify.waitFor(3, TimeUnit.MINUTES), "audit verify did not end within three minutes");
    System.out.println("twinguard audit verify: " + Files.readString(out, StandardCharsets.UTF_8).strip());
    Files.delete(out);
    return verify.exitValue();
  }

  /** The one number a query on the shared log's database gives. */
  long number(String sql) throws SQLException {
    return number(SHARED, sql);
  }

  /** The signed note of the shared log's checkpoint of tree size {@code size}. */
  String note(long size) throws SQLException {
    try (Connection connection = brokers.postgres().database(SHARED);
        PreparedStatement query = connection.prepareStatement("SELECT note FROM log_checkpoint WHERE size = ?")) {
      query.setLong(1, size);
      try (ResultSet result = query.executeQuery()) {
        assertTrue(result.next(), "no checkpoint of size " + size);
        return result.getString(1);
      }
    }
  }

  private long number(String database, String sql) throws SQLException {
    try (Connection connection = brokers.postgres().database(database); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** The live broker whose connection holds the lock, -1 when none does: its client port, found in /proc. */
  private int holder(String application) throws Exception {
    List<Integer> ports = new ArrayList<>();
    try (Connection connection = brokers.postgres().database(SHARED);
        PreparedStatement query = connection.prepareStatement(HOLDER)) {
      query.setString(1, application);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          ports.add(result.getInt(1));
        }
      }
    } catch (SQLException e) {
      return -1;
    }
    for (int port : ports) {
      String socket = "socket:[" + inode(port) + "]";
      for (int i = 0; i < brokers.layout.count(); i++) {
        if (brokers.broker(i).alive() && holds(brokers.broker(i).pid(), socket)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The inode of the loopback TCP socket whose local port is {@code port} (/proc/net/tcp and tcp6). */
  private static String inode(int port) throws IOException {
    String local = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].endsWith(local)) {
          return f[9];
        }
      }
    }
    return "none";
  }

  private static boolean holds(long pid, String socket) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().equals(socket);
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }
}
