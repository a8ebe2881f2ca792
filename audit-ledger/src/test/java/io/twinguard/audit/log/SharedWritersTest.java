package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.record.AuditRecord;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
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

  /** An entry as a writer on another connection inserts it, in that connection's transaction. */
  private static long insertEntry(Connection c, AuditRecord record) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO log_entry (leaf, leaf_hash, writer, kind, "
        + "record_time) VALUES (?, ?, 'another', ?, ?) RETURNING id")) {
      insert.setBytes(1, record.leaf());
      insert.setBytes(2, Rfc9162.leafHash(record.leaf()));
      insert.setString(3, record.fields().kind());
      insert.setObject(4, record.fields().time());
      try (ResultSet id = insert.executeQuery()) {
        id.next();
        return id.getLong(1);
      }
    }
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
  void integrate_whenALowerIdCommitsAfterHigherOnesWereIntegrated_takesItNextAndARolledBackIdStallsNothing()
      throws Exception {
    try (SharedLogs shared = new SharedLogs(database.newDatabase(), dir, 1, 16);
        Connection late = shared.connect();
        Connection rolledBack = shared.connect()) {
      late.setAutoCommit(false);
      rolledBack.setAutoCommit(false);
      AuditRecord lateRecord = TestRecords.decision(999);
      long lateId = insertEntry(late, lateRecord);
      long rolledBackId = insertEntry(rolledBack, TestRecords.decision(998));
      List<Accepted> accepted = new ArrayList<>(SharedLogs.all(shared.accept(0, 0, 50)));
      SharedLogs.all(accepted.stream().map(shared.logs.get(0)::integrated).toList());

      rolledBack.rollback();
      late.commit();
      Accepted lateEntry = new Accepted.Sequenced(Rfc9162.leafHash(lateRecord.leaf()), lateId);
      Appended lateAppended = SharedLogs.within(shared.logs.get(0).integrated(lateEntry));
      accepted.add(lateEntry);
      accepted.addAll(SharedLogs.all(shared.accept(0, 100, 10)));

      assertTrue(lateId < rolledBackId && rolledBackId < ((Accepted.Sequenced) accepted.get(0)).entryId());
      assertEquals(50, lateAppended.index(), "the late entry follows what was integrated before it committed");
      shared.assertIntegratedOnce(Map.of(0, accepted));
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

  @Test
  void onCheckpoint_onEveryWriter_deliversTheLogsCheckpointsWhicheverWriterIntegrates() throws Exception {
    try (SharedLogs shared = new SharedLogs(database.newDatabase(), dir, 2, 16)) {
      List<Queue<Long>> seen = List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
      for (int w = 0; w < 2; w++) {
        Queue<Long> sizes = seen.get(w);
        shared.logs.get(w).onCheckpoint(checkpoint -> sizes.add(checkpoint.size()));
      }

      List<Accepted> accepted = new ArrayList<>(SharedLogs.all(shared.accept(0, 0, 40)));
      accepted.addAll(SharedLogs.all(shared.accept(1, 40, 40)));
      SharedLogs.all(accepted.stream().map(shared.logs.get(0)::integrated).toList());

      for (Queue<Long> sizes : seen) {
        SharedLogs.poll(() -> sizes.contains(80L), "each writer is told of the checkpoint of size 80");
        List<Long> inOrder = new ArrayList<>(sizes);
        assertEquals(inOrder.stream().sorted().distinct().toList(), inOrder, "increasing sizes, each once");
      }
    }
  }

  @Test
  void integrate_recordsEachEntrysDelayFromAcceptance_onTheLeafAndInTheIntegratorsTimer() throws Exception {
    try (SharedLogs shared = new SharedLogs(database.newDatabase(), dir, 2, 16)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      shared.logs.forEach(log -> log.metrics().bindTo(registry));

      List<Accepted> accepted = new ArrayList<>(SharedLogs.all(shared.accept(0, 0, 30)));
      accepted.addAll(SharedLogs.all(shared.accept(1, 30, 30)));
      SharedLogs.all(accepted.stream().map(shared.logs.get(1)::integrated).toList());

      Timer delay = registry.get("twinguard.log.integration.delay").timer();
      assertEquals(60, delay.count(), "one delay per integrated entry, recorded by the integrator");
      assertTrue(delay.totalTime(TimeUnit.NANOSECONDS) > 0);
      assertEquals(60, shared.count("SELECT count(*) FROM log_leaf WHERE accepted_at IS NOT NULL"));
      assertEquals(0, shared.count("SELECT count(*) FROM log_leaf l JOIN log_checkpoint c ON c.size = "
          + "(SELECT min(size) FROM log_checkpoint WHERE size > l.idx) WHERE l.accepted_at > c.created_at"),
          "every leaf was accepted before the integration that indexed it began");
    }
  }
}
