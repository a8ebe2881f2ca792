package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches in flight behind one that fails, on a real PostgreSQL: a test session locks {@code
 * log_leaf} so that the first batch waits inside the database while three more are pipelined behind
 * it and a fifth waits in the queue; then that batch fails (a commit refused by a deferred trigger,
 * or its connection terminated) and the lock is released.
 */
class CommitFailureTest {

  /** Records before the test's: [0], then full batches of 2. */
  private static final int BEFORE = 5;

  @TempDir static Path serverDir;
  static TestDatabase database;
  static Vertx vertx;

  @TempDir Path dir;
  String uri;
  AuditLog log;

  @BeforeAll
  static void startServer() {
    database = TestDatabase.start(serverDir.resolve("pg"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopServer() {
    vertx.close().await();
    database.close();
  }

  @BeforeEach
  void openLog() {
    uri = database.newDatabase();
    // batches of 2, four in flight: [100], [101 102], [103 104], [105 106] fly, [107 108] waits; only
    // a full batch goes while one is in flight (no age), so the batches do not depend on timing
    log = AuditLog.open(vertx, new LogConfig(Optional.of(uri), dir, "twinguard.local/audit",
        dir.resolve("key.pem"), 2, Duration.ofHours(1), 4)).await();
    List<Future<Appended>> first = new ArrayList<>();
    for (int i = 0; i < BEFORE; i++) {
      first.add(log.append(TestRecords.decision(i)));
    }
    Future.all(first).await();
  }

  @AfterEach
  void closeLog() {
    log.close().await();
  }

  @Test
  void append_whenABatchFailsAtCommit_failsItAndEveryBatchInFlightBehindIt_thenTheNextContinuesDense()
      throws Exception {
    try (Connection sql = database.session(uri); Statement statement = sql.createStatement()) {
      statement.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$");
      statement.execute("CREATE CONSTRAINT TRIGGER refuse_100 AFTER INSERT ON log_leaf "
          + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.decision_id = 'dec-100') EXECUTE FUNCTION refuse()");
    }

    Outcomes outcomes = appendBehindALock(() -> { });

    assertTrue(outcomes.failed().get(0).getMessage().contains("refused at commit"), outcomes.failed().get(0).toString());
    assertTheBatchesInFlightFailedAndTheQueuedOneContinues(outcomes);
  }

  @Test
  void append_whenTheCommitConnectionIsTerminated_failsEveryBatchInFlight_thenReconnectsAndContinuesDense()
      throws Exception {
    Outcomes outcomes = appendBehindALock(() -> {
      try (Connection sql = database.session(uri); Statement statement = sql.createStatement();
          ResultSet terminated = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
              + "WHERE application_name = 'twinguard-audit-commit'")) {
        assertTrue(terminated.next() && terminated.getBoolean(1), "the commit connection was terminated");
      }
    });

    assertTheBatchesInFlightFailedAndTheQueuedOneContinues(outcomes);
  }

  private record Outcomes(List<Throwable> failed, List<Appended> acknowledged) {}

  @FunctionalInterface
  private interface Meanwhile {
    void run() throws SQLException;
  }

  /**
   * Appends records 100 to 108 while a session holds a lock on log_leaf; once the first batch waits
   * for the lock inside the database, runs {@code meanwhile}, releases the lock and collects every
   * outcome in the order of the records.
   */
  private Outcomes appendBehindALock(Meanwhile meanwhile) throws Exception {
    List<Future<Appended>> futures = new ArrayList<>();
    try (Connection blocker = database.session(uri); Statement lock = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      lock.execute("LOCK TABLE log_leaf IN SHARE MODE");
      futures.add(log.append(TestRecords.decision(100)));
      awaitCommitWaitingForLock();
      for (int i = 101; i <= 108; i++) {
        futures.add(log.append(TestRecords.decision(i)));
      }
      meanwhile.run();
      blocker.commit();
    }
    List<Throwable> failed = new ArrayList<>();
    List<Appended> acknowledged = new ArrayList<>();
    for (Future<Appended> future : futures) {
      try {
        acknowledged.add(future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES));
      } catch (ExecutionException e) {
        failed.add(e.getCause());
      }
    }
    return new Outcomes(failed, acknowledged);
  }

  private void assertTheBatchesInFlightFailedAndTheQueuedOneContinues(Outcomes outcomes) throws SQLException {
    assertEquals(7, outcomes.failed().size(), "records 100 to 106, in the four batches in flight");
    assertEquals(List.of((long) BEFORE, BEFORE + 1L), outcomes.acknowledged().stream().map(Appended::index).toList(),
        "records 107 and 108 continue the stored log, with no gap");
    assertEquals(List.of("dec-0", "dec-1", "dec-2", "dec-3", "dec-4", "dec-107", "dec-108"), storedDecisionIds());
    VerifyReport report = log.verify().await();
    assertEquals(List.of(), report.problems());
    assertEquals(BEFORE + 2, report.leaves());
    assertEquals(BEFORE + 2, log.append(TestRecords.decision(109)).await().index(), "and so does the next");
  }

  private List<String> storedDecisionIds() {
    List<String> ids = new ArrayList<>();
    for (long i = 0; ; i++) {
      Optional<byte[]> leaf = log.leaf(i).await();
      if (leaf.isEmpty()) {
        return ids;
      }
      ids.add(new JsonObject(new String(leaf.get(), StandardCharsets.UTF_8)).getString("decision_id"));
    }
  }

  /** Polls pg_stat_activity, at most a minute, until the log's commit waits for a lock. */
  private void awaitCommitWaitingForLock() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try (Connection sql = database.session(uri); Statement statement = sql.createStatement()) {
      while (true) {
        try (ResultSet waiting = statement.executeQuery("SELECT count(*) FROM pg_stat_activity "
            + "WHERE application_name = 'twinguard-audit-commit' AND wait_event_type = 'Lock'")) {
          waiting.next();
          if (waiting.getInt(1) == 1) {
            return;
          }
        }
        assertTrue(System.nanoTime() < deadline, "the first batch never waited for the lock");
        TimeUnit.MILLISECONDS.sleep(10);
      }
    }
  }
}
