package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.PostgresPerClass;
import io.twinguard.audit.TestRecords;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batches really in flight together, on a real PostgreSQL: a test session locks {@code log_leaf},
 * so the first batch waits inside the database while the next ones are pipelined behind it (batches
 * of 2; with 2 in flight [100] and [101 102] fly and the rest wait in the queue, with 4 in flight
 * [100] to [105 106] fly and [107 108] waits). Then the lock is released, after the first batch was
 * made to fail (a commit refused by a deferred trigger, or its connection terminated) or not. Every
 * append is made on one Vert.x context and every outcome is collected there, in the order they come.
 */
class BatchesInFlightTest extends PostgresPerClass {

  /** Records before the test's: [0], then full batches of 2. */
  private static final int BEFORE = 5;
  private static final int FIRST = 100;
  private static final int LAST = 108;

  @TempDir Path dir;
  String uri;
  AuditLog log;
  Context caller;

  @AfterEach
  void closeLog() {
    log.close().await();
  }

  /** A log with batches of 2 and {@code inFlight} in flight; only a full batch goes while one is in flight. */
  private void open(int inFlight) throws Exception {
    uri = database.newDatabase();
    log = AuditLog.open(vertx, new LogConfig(Optional.of(uri), dir, "twinguard.local/audit",
        dir.resolve("key.pem"), 2, Duration.ofHours(1), inFlight)).await();
    caller = vertx.getOrCreateContext();
    within(Future.all(IntStream.range(0, BEFORE).mapToObj(i -> log.append(TestRecords.decision(i))).toList()));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void append_withBatchesInFlightBehindALock_acknowledgesEveryRecordInIndexOrderOnTheCallersContext(int inFlight)
      throws Exception {
    open(inFlight);

    List<Outcome> outcomes = appendBehindALock(() -> { });

    assertEquals(IntStream.rangeClosed(FIRST, LAST).boxed().toList(), outcomes.stream().map(Outcome::record).toList(),
        "acknowledged in the order appended");
    assertEquals(LongStream.range(BEFORE, BEFORE + 9).boxed().toList(),
        outcomes.stream().map(o -> o.appended().index()).toList(), "dense, in the order appended");
    assertTrue(outcomes.stream().allMatch(Outcome::onCaller), "each on the caller's context");
    VerifyReport report = log.verify().await();
    assertEquals(List.of(), report.problems());
    assertEquals(BEFORE + 9, report.leaves());
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void append_whenABatchFailsAtCommit_failsItAndEveryBatchInFlightBehindIt_thenTheNextContinuesDense(int inFlight)
      throws Exception {
    open(inFlight);
    try (Connection sql = database.session(uri); Statement statement = sql.createStatement()) {
      statement.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$");
      statement.execute("CREATE CONSTRAINT TRIGGER refuse_100 AFTER INSERT ON log_leaf "
          + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.decision_id = 'dec-100') EXECUTE FUNCTION refuse()");
    }

    List<Outcome> outcomes = appendBehindALock(() -> { });

    assertTrue(outcomes.get(0).failure().getMessage().contains("refused at commit"), outcomes.get(0).toString());
    assertTheBatchesInFlightFailedAndTheQueuedOnesContinue(outcomes, inFlight);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void append_whenTheCommitConnectionIsTerminated_failsEveryBatchInFlight_thenReconnectsAndContinuesDense(int inFlight)
      throws Exception {
    open(inFlight);

    List<Outcome> outcomes = appendBehindALock(() -> {
      try (Connection sql = database.session(uri); Statement statement = sql.createStatement();
          ResultSet terminated = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
              + "WHERE application_name = 'twinguard-audit-commit' AND datname = current_database()")) {
        assertTrue(terminated.next() && terminated.getBoolean(1), "the commit connection was terminated");
      }
    });

    assertTheBatchesInFlightFailedAndTheQueuedOnesContinue(outcomes, inFlight);
  }

  /** One append's outcome: its record number, its index or its failure, and where it completed. */
  private record Outcome(int record, Appended appended, Throwable failure, boolean onCaller) {}

  private interface Meanwhile {
    void run() throws SQLException;
  }

  /**
   * Appends records 100 to 108 on the caller's context while a session holds a lock on log_leaf;
   * once the first batch waits for the lock inside the database, runs {@code meanwhile}, releases
   * the lock and collects every outcome in the order they complete. Then checks that the records
   * that were acknowledged went through a new commit connection when any failed.
   */
  private List<Outcome> appendBehindALock(Meanwhile meanwhile) throws Exception {
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    Promise<Void> all = Promise.promise();
    int pidBefore;
    try (Connection blocker = database.session(uri); Statement lock = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      lock.execute("LOCK TABLE log_leaf IN SHARE MODE");
      within(onCaller(FIRST, FIRST, outcomes, all));
      pidBefore = commitBackend("wait_event_type = 'Lock'", "the first batch never waited for the lock");
      within(onCaller(FIRST + 1, LAST, outcomes, all));
      meanwhile.run();
      blocker.commit();
    }
    within(all.future());
    if (outcomes.stream().anyMatch(o -> o.failure() != null)) {
      assertNotEquals(pidBefore, commitBackend("true", "not one commit connection"), "the batches after a failure went through a new connection");
    }
    return outcomes;
  }

  /** Appends records {@code from} to {@code to} in one task on the caller's context. */
  private Future<Void> onCaller(int from, int to, List<Outcome> outcomes, Promise<Void> all) {
    Promise<Void> issued = Promise.promise();
    caller.runOnContext(v -> {
      for (int i = from; i <= to; i++) {
        int record = i;
        log.append(TestRecords.decision(record)).onComplete(ar -> {
          outcomes.add(new Outcome(record, ar.result(), ar.cause(), Vertx.currentContext() == caller));
          if (outcomes.size() == LAST - FIRST + 1) {
            all.complete();
          }
        });
      }
      issued.complete();
    });
    return issued.future();
  }

  private void assertTheBatchesInFlightFailedAndTheQueuedOnesContinue(List<Outcome> outcomes, int inFlight)
      throws Exception {
    int failed = 2 * inFlight - 1; // [100], then inFlight - 1 batches of 2
    int firstAcknowledged = FIRST + failed;
    assertEquals(IntStream.rangeClosed(FIRST, LAST).boxed().toList(), outcomes.stream().map(Outcome::record).toList(),
        "failures and acknowledgements in the order appended");
    assertTrue(outcomes.stream().allMatch(Outcome::onCaller), "each on the caller's context");
    for (Outcome outcome : outcomes.subList(0, failed)) {
      assertNull(outcome.appended(), "record " + outcome.record() + " in a batch in flight fails");
    }
    assertEquals(LongStream.range(BEFORE, BEFORE + LAST - firstAcknowledged + 1).boxed().toList(),
        outcomes.subList(failed, outcomes.size()).stream().map(o -> o.appended().index()).toList(),
        "the queued records continue the stored log, with no gap");
    List<String> expected = IntStream.concat(IntStream.range(0, BEFORE), IntStream.rangeClosed(firstAcknowledged, LAST))
        .mapToObj(i -> "dec-" + i).toList();
    assertEquals(expected, storedDecisionIds(), "no failed record stored, none twice");
    VerifyReport report = log.verify().await();
    assertEquals(List.of(), report.problems());
    assertEquals(expected.size(), report.leaves());
    assertEquals(expected.size(), log.append(TestRecords.decision(LAST + 1)).await().index(), "and so does the next");
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

  /**
   * Polls pg_stat_activity, at most a minute, until exactly one commit connection of the log meets
   * {@code condition} (and one closed just before is gone); its backend's pid.
   */
  private int commitBackend(String condition, String failure) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try (Connection sql = database.session(uri); Statement statement = sql.createStatement()) {
      while (true) {
        try (ResultSet found = statement.executeQuery("SELECT pid FROM pg_stat_activity "
            + "WHERE application_name = 'twinguard-audit-commit' AND datname = current_database() AND " + condition)) {
          List<Integer> pids = new ArrayList<>();
          while (found.next()) {
            pids.add(found.getInt(1));
          }
          if (pids.size() == 1) {
            return pids.get(0);
          }
        }
        assertTrue(System.nanoTime() < deadline, failure);
        TimeUnit.MILLISECONDS.sleep(10);
      }
    }
  }

  private static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
