package io.twinguard.tests.cluster;

import static io.twinguard.tests.cluster.Brokers.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.anchor.Anchor;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.tests.fabric.FabricTestNetwork;
import io.twinguard.tests.fabric.SharedFabric;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers in JVMs of their own on ONE audit log with shared writers ({@code log.writers:
 * shared}) in one PostgreSQL, anchored on the real Fabric test network, under bounded, seeded load of
 * signed calls, through two faults: the broker that integrates the log is SIGKILLed and started
 * again; PostgreSQL is stopped for a while and started again on the same data. After each: every
 * acknowledged call is in the log (by decision id), every call got an answer (200 or 503) within the
 * timeout or, at a dead broker only, a connection failure, the log's indices are dense with no entry
 * left waiting, a broker integrates (a standby took over from the killed one), anchoring resumed (the
 * last checkpoint, larger than any before the fault, is read back from Fabric within a bound) and
 * {@code twinguard audit verify --fabric} is clean.
 */
@ExtendWith(SharedFabric.class)
class SharedLogFaultsTest {

  static final int CALLS = 240;
  static final int PER_BATCH = 6;
  static final long CALL_TIMEOUT_S = 15;
  /** How long anchoring may take to cover the last checkpoint once everything is integrated. */
  static final Duration ANCHOR_BOUND = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static Brokers brokers;
  static AuditLogs log;
  static LedgerWatch ledger;

  @BeforeAll
  static void start(FabricTestNetwork fabric) throws Exception {
    String origin = "twinguard.test/shared-faults-" + UUID.randomUUID();
    brokers = Brokers.start(dir, Brokers.Layout.threeOnOneLogForTests(), Map.of("TWINGUARD_LOG_ORIGIN", origin,
        "TWINGUARD_FABRIC_DIR", fabric.home().toString(), "TWINGUARD_ANCHOR_EVERY_MS", "200"));
    log = new AuditLogs(brokers);
    ledger = new LedgerWatch(fabric, origin);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ledger != null) {
      ledger.close();
    }
    if (brokers != null) {
      brokers.stop();
    }
  }

  /** The largest checkpoint before a fault, and when the fault ended ({@link System#nanoTime()}). */
  static final class FaultMarks {
    long before;
    long endedNanos;

    /** Notes the largest checkpoint now, just before the fault. */
    void before() throws SQLException {
      before = log.number("SELECT coalesce(max(size), 0) FROM log_checkpoint");
    }
  }

  /** What the load saw: acknowledged decision ids, refusals (503), errors (no answer), errors at live brokers. */
  record Counts(List<String> acknowledged, int refused, int errors, int errorsAtLive) {
    int answered() {
      return acknowledged.size() + refused;
    }
  }

  /** Called before each batch of the load with the batch's number. */
  interface Fault {
    void before(int batch) throws Exception;
  }

  @Test
  void kill_theIntegratingBrokerUnderLoad_everyAcknowledgedCallIsIntegratedAndAStandbyTakesOver() throws Exception {
    int victim = log.integrating();
    boolean anchored = log.holding(AuditLogs.ANCHORING) == victim;
    int batches = CALLS / PER_BATCH;
    List<Integer> after = new ArrayList<>();
    FaultMarks marks = new FaultMarks();
    Counts counts = load(new Random(2101), victim, batch -> {
      if (batch == batches / 3) {
        marks.before();
        brokers.broker(victim).kill();
        marks.endedNanos = System.nanoTime();
      } else if (batch == batches / 3 + 1) {
        after.add(log.integrating());
      } else if (batch == 2 * batches / 3) {
        brokers.broker(victim).restart();
      }
    });
    brokers.awaitReady(victim);

    int inLog = log.awaitIntegrated(counts.acknowledged());
    report("SIGKILL the integrating broker-" + victim + ", restart", counts, inLog);
    assertNotEquals(victim, after.get(0), "a standby integrates after the integrator was killed");
    assertEquals(counts.acknowledged().size(), inLog, "every acknowledged call is in the log");
    assertEquals(0, counts.errorsAtLive(), "the brokers that stayed answered every call");
    assertEquals(CALLS, counts.answered() + counts.errors());
    assertTrue(log.denseWithNothingWaiting(), "dense indices, no entry left waiting");
    assertAnchoringResumed("SIGKILL of broker-" + victim + (anchored ? ", which integrated and anchored" : ""),
        marks);
  }

  @Test
  void stopPostgres_forAWhileUnderLoad_callsAreRefusedNotLostAndIntegrationResumes() throws Exception {
    int batches = CALLS / PER_BATCH;
    FaultMarks marks = new FaultMarks();
    Counts counts = load(new Random(2102), -1, batch -> {
      if (batch == batches / 3) {
        marks.before();
        brokers.postgres().stop();
      } else if (batch == batches / 2) {
        brokers.postgres().restart();
        marks.endedNanos = System.nanoTime();
      }
    });
    for (int i = 0; i < 3; i++) {
      brokers.awaitReady(i);
    }

    int inLog = log.awaitIntegrated(counts.acknowledged());
    report("PostgreSQL stopped for " + (batches / 2 - batches / 3) + " batches, started", counts, inLog);
    assertEquals(counts.acknowledged().size(), inLog, "every acknowledged call is in the log");
    assertEquals(0, counts.errors(), "every call got an answer: 200, or 503 while the log could not record");
    assertTrue(counts.refused() > 0, "calls were refused while PostgreSQL was down");
    assertEquals(CALLS, counts.answered());
    assertTrue(log.integrating() >= 0, "a broker integrates again");
    assertTrue(log.denseWithNothingWaiting(), "dense indices, no entry left waiting");
    assertAnchoringResumed("PostgreSQL's restart", marks);
  }

  /**
   * Once everything is integrated: the last checkpoint, larger than any before the fault, is read
   * back from Fabric within {@link #ANCHOR_BOUND} and is the log's own; a live broker anchors; {@code
   * twinguard audit verify --fabric} is clean. Prints what was integrated and anchored after the fault
   * and how long anchoring took to resume.
   */
  static void assertAnchoringResumed(String fault, FaultMarks marks) throws Exception {
    long last = log.number("SELECT max(size) FROM log_checkpoint");
    assertTrue(last > marks.before, "checkpoints were integrated after the fault");
    long integrated = System.nanoTime();
    Anchor anchor = ledger.awaitAnchored(last, ANCHOR_BOUND);
    long lastLagMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - integrated);

    assertEquals(last, anchor.treeSize(), "the ledger's anchor is the last checkpoint");
    assertEquals(log.note(last), anchor.checkpoint(), "the anchored note is the log's own checkpoint");
    int anchoring = log.holding(AuditLogs.ANCHORING);
    long checkpointsAfter = log.number("SELECT count(*) FROM log_checkpoint WHERE size > " + marks.before);
    long storedAfter = log.number("SELECT count(*) FROM log_anchor WHERE size > " + marks.before);
    int onLedgerAfter = ledger.anchorsAbove(marks.before).size();
    long resumedMs = ledger.firstAbove(marks.before, marks.endedNanos)
        .map(seen -> TimeUnit.NANOSECONDS.toMillis(seen.nanos() - marks.endedNanos)).orElseThrow();
    System.out.printf("shared log anchoring after %s: checkpoints integrated after the fault %d (sizes %d to %d),"
        + " anchored on Fabric after it %d (%d stored beside their checkpoints), the first growth %d ms after"
        + " the fault ended, the last %d ms after everything was integrated; broker-%d anchors%n", fault, checkpointsAfter,
        marks.before + 1, last, onLedgerAfter, storedAfter, resumedMs, lastLagMs, anchoring);
    assertTrue(onLedgerAfter > 0);
    assertEquals(0, log.auditVerify(brokers.logEnvironment(), "--fabric"), "twinguard audit verify --fabric is clean");
  }

  /**
   * {@link #CALLS} signed calls in batches of {@link #PER_BATCH}, each to a broker drawn from {@code
   * random}, each bounded by {@link #CALL_TIMEOUT_S}; {@code fault} runs before each batch.
   *
   * @param dead the broker whose failures do not count as failures at a live broker (-1: none)
   */
  static Counts load(Random random, int dead, Fault fault) throws Exception {
    List<TwinClient> clients = List.of(brokers.client("room-12", 0), brokers.client("room-12", 1),
        brokers.client("room-12", 2));
    List<String> acknowledged = new ArrayList<>();
    int refused = 0;
    int errors = 0;
    int errorsAtLive = 0;
    try {
      for (int batch = 0; batch < CALLS / PER_BATCH; batch++) {
        fault.before(batch);
        List<Integer> targets = new ArrayList<>();
        List<Future<TwinClient.Answer>> sent = new ArrayList<>();
        for (int k = 0; k < PER_BATCH; k++) {
          int target = random.nextInt(3);
          targets.add(target);
          sent.add(clients.get(target).call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
              new JsonObject().put("outdoor_c", random.nextInt(30)).put("occupants", 1 + random.nextInt(9)), true)
              .timeout(CALL_TIMEOUT_S, TimeUnit.SECONDS));
        }
        await(Future.join(sent).otherwiseEmpty());
        for (int k = 0; k < PER_BATCH; k++) {
          Future<TwinClient.Answer> answer = sent.get(k);
          if (answer.failed()) {
            errors++;
            errorsAtLive += targets.get(k) == dead ? 0 : 1;
          } else if (answer.result().status() == 200) {
            acknowledged.add(answer.result().headers().get(SignAnswer.DECISION_ID));
          } else {
            assertEquals(503, answer.result().status(), answer.result().body().toString());
            refused++;
          }
        }
      }
    } finally {
      clients.forEach(TwinClient::close);
    }
    return new Counts(acknowledged, refused, errors, errorsAtLive);
  }

  private static void report(String fault, Counts counts, int inLog) {
    System.out.printf("shared log faults (%s): calls %d, acknowledged %d, in the log %d, refused %d, errors %d"
        + " (at live brokers %d)%n", fault, CALLS, counts.acknowledged().size(), inLog, counts.refused(),
        counts.errors(), counts.errorsAtLive());
  }
}
