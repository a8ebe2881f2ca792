package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestDatabase;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure of shared writers on a real PostgreSQL: an integrator held back by a table lock the
 * test takes lets the backlog fill up to {@code log.max_backlog}, after which accepts fail once they
 * waited {@code log.integration_timeout_ms}; released, it integrates and accepts go through again. A
 * writer's insert stuck behind a lock fails within the timeout and is cancelled in the server.
 */
class SharedWritersBacklogTest {

  static final int MAX_BACKLOG = 20;
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  @TempDir static Path serverDir;
  @TempDir Path dir;
  static TestDatabase database;

  @BeforeAll
  static void startServer() {
    database = TestDatabase.start(serverDir);
  }

  @AfterAll
  static void stopServer() {
    database.close();
  }

  SharedLogs writers(String uri) throws Exception {
    return new SharedLogs(uri, dir, 1, 4,
        config -> config.shared(SharedLogs.TAKEOVER, TIMEOUT).withBacklog(MAX_BACKLOG));
  }

  @Test
  void accept_integratorHeldBackPastTheBacklog_failsAfterTheTimeoutThenGoesThroughOnceReleased() throws Exception {
    String uri = database.newDatabase();
    try (SharedLogs shared = writers(uri)) {
      List<Accepted> accepted = new ArrayList<>(SharedLogs.all(shared.accept(0, 0, 10)));
      SharedLogs.all(accepted.stream().map(shared.logs.get(0)::integrated).toList());

      Throwable refused;
      try (Connection lock = database.session(uri)) {
        hold(lock, "LOCK TABLE log_leaf IN SHARE MODE");
        long next = 10;
        Future<Accepted> attempt = shared.accept(0, next++, 1).get(0);
        while (SharedLogs.within(succeeded(attempt)) && next < 10 + 10 * MAX_BACKLOG) {
          accepted.add(attempt.result());
          attempt = shared.accept(0, next++, 1).get(0);
        }
        refused = attempt.cause();
        assertEquals(10 + MAX_BACKLOG, accepted.size(), "accepted one at a time up to the bound, not beyond");
        assertEquals(MAX_BACKLOG, shared.count("SELECT count(*) FROM log_entry"), "the refused record is not an entry");
        lock.rollback();
      }
      accepted.add(firstAccepted(shared, 1000));

      IllegalStateException full = assertInstanceOf(IllegalStateException.class, refused);
      assertTrue(full.getMessage().contains("log.max_backlog " + MAX_BACKLOG), full.getMessage());
      shared.assertIntegratedOnce(Map.of(0, accepted));
    }
  }

  @Test
  void accept_insertStuckBehindALock_failsWithinTheTimeoutAndIsCancelledInTheServer() throws Exception {
    String uri = database.newDatabase();
    try (SharedLogs shared = writers(uri)) {
      List<Accepted> accepted = new ArrayList<>(SharedLogs.all(shared.accept(0, 0, 3)));

      Future<Accepted> stuck;
      try (Connection lock = database.session(uri)) {
        hold(lock, "LOCK TABLE log_entry IN ACCESS EXCLUSIVE MODE");
        stuck = shared.accept(0, 3, 1).get(0);
        assertTrue(!SharedLogs.within(succeeded(stuck)), "an insert behind the lock fails");
        SharedLogs.poll(() -> waitingOnLocks(shared) == 0, "no writer's statement still waits on the lock");
        lock.rollback();
      }
      accepted.add(firstAccepted(shared, 100));

      shared.assertIntegratedOnce(Map.of(0, accepted));
    }
  }

  /** Takes a lock in a transaction of its own that stays open until the test rolls it back. */
  private static void hold(Connection connection, String lock) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute(lock);
    }
  }

  private static long waitingOnLocks(SharedLogs shared) {
    try {
      return shared.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'twinguard-audit-accept'"
          + " AND wait_event_type = 'Lock'");
    } catch (SQLException e) {
      return -1;
    }
  }

  private static Future<Boolean> succeeded(Future<Accepted> attempt) {
    return attempt.transform(ar -> Future.succeededFuture(ar.succeeded()));
  }

  /** Accepts records one at a time until one is accepted (bounded: held ones fail after the timeout). */
  private static Accepted firstAccepted(SharedLogs shared, long from) throws Exception {
    for (long i = from; i < from + 60; i++) {
      Future<Accepted> attempt = shared.accept(0, i, 1).get(0);
      if (SharedLogs.within(succeeded(attempt))) {
        return attempt.result();
      }
    }
    throw new AssertionError("nothing was accepted in 60 attempts after the lock was released");
  }
}
