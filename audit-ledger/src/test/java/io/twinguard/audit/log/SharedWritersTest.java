package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three shared writers of one log, in one JVM, each with its own pool, on a real PostgreSQL: every
 * accepted record is integrated once at dense indices, and when the integrator's connection is
 * terminated a standby takes over without losing or duplicating an entry.
 */
class SharedWritersTest {

  private static final int WRITERS = 3;

  @TempDir static Path serverDir;
  @TempDir Path dir;
  static TestDatabase database;

  @BeforeAll
  static void startServer() {
    database = TestDatabase.start(serverDir.resolve("pg"));
  }

  @AfterAll
  static void stopServer() {
    database.close();
  }

  @Test
  void accept_byThreeWritersAtOnce_integratesEveryEntryOnceAtDenseIndices() throws Exception {
    try (SharedLogs shared = new SharedLogs(database.newDatabase(), dir, WRITERS, 64)) {
      List<List<Future<Accepted>>> pending = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        pending.add(shared.accept(w, w * 10_000L, 400));
      }

      shared.assertIntegratedOnce(Map.of(0, SharedLogs.all(pending.get(0)), 1, SharedLogs.all(pending.get(1)),
          2, SharedLogs.all(pending.get(2))));
      assertEquals(1, shared.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"),
          "one integrator");
    }
  }

  @Test
  void accept_whenTheIntegratorsConnectionIsTerminated_aStandbyTakesOverAndNothingIsLostOrDuplicated()
      throws Exception {
    try (SharedLogs shared = new SharedLogs(database.newDatabase(), dir, WRITERS, 16)) {
      List<List<Future<Accepted>>> pending = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        pending.add(new ArrayList<>(shared.accept(w, w * 10_000L, 200)));
      }
      long before = shared.integratorPid();

      for (int w = 0; w < WRITERS; w++) {
        pending.get(w).addAll(shared.accept(w, w * 10_000L + 200, 100));
      }
      try (Connection c = shared.connect(); Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + before + ")");
      }
      for (int w = 0; w < WRITERS; w++) {
        pending.get(w).addAll(shared.accept(w, w * 10_000L + 300, 200));
      }

      shared.assertIntegratedOnce(Map.of(0, SharedLogs.all(pending.get(0)), 1, SharedLogs.all(pending.get(1)),
          2, SharedLogs.all(pending.get(2))));
      assertNotEquals(before, shared.integratorPid(), "another connection integrates");
    }
  }

  @Test
  void accept_bySingleWriter_isIntegratedInTheSameCommit() throws Exception {
    LogConfig config = new LogConfig(Optional.of(database.newDatabase()), dir, "twinguard.local/audit",
        dir.resolve("key.pem"), 16, Duration.ofMillis(1));
    try (SharedLogs none = new SharedLogs(config.dbUrl().get(), dir, 0, 16)) {
      AuditLog log = SharedLogs.within(AuditLog.open(none.vertx, config));
      try {
        Accepted accepted = SharedLogs.within(log.accept(TestRecords.decision(1)));

        Accepted.Integrated integrated = assertInstanceOf(Accepted.Integrated.class, accepted);
        assertEquals(0, integrated.appended().index());
        assertEquals(integrated.appended(), SharedLogs.within(log.integrated(accepted)));
      } finally {
        SharedLogs.within(log.close());
      }
    }
  }
}
