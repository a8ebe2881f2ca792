package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.PostgresPerClass;
import io.twinguard.audit.TestRecords;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded PostgreSQL for the class; every test opens its own log in a database of its own, so
 * the tests run in any order.
 */
class AuditLogTest extends PostgresPerClass {

  @TempDir Path dir;
  LogConfig config;
  AuditLog log;

  @BeforeEach
  void openLog() {
    config = new LogConfig(Optional.of(database.newDatabase()), dir, "twinguard.local/audit",
        dir.resolve("key.pem"), 64, Duration.ofMillis(5));
    log = AuditLog.open(vertx, config).await();
  }

  @AfterEach
  void closeLog() {
    log.close().await();
  }

  @Test
  void append_concurrentRecords_getDenseIndicesCoveredBySignedCheckpoints()
      throws NoteVerificationException {
    List<Future<Appended>> futures = appendRange(0, 1000);

    Set<Long> indices = new HashSet<>();
    for (Future<Appended> f : futures) {
      Appended appended = f.result();
      indices.add(appended.index());
      assertTrue(appended.index() < appended.checkpoint().size());
    }
    assertEquals(1000, indices.size());
    assertTrue(indices.stream().allMatch(i -> i >= 0 && i < 1000));
    SignedCheckpoint latest = log.latestCheckpoint().await().orElseThrow();
    assertEquals(1000, latest.size());
    Checkpoint opened =
        Checkpoint.parse(NoteVerifier.open(latest.note(), List.of(log.verifierKey())).text());
    assertEquals(latest.checkpoint(), opened);
  }

  @Test
  void inclusionProof_everyTenthLeaf_verifiesAgainstLatestCheckpoint() throws ProofException {
    appendRange(0, 300);

    for (long i = 0; i < 300; i += 10) {
      InclusionProof proof = log.inclusionProof(i).await();
      ProofVerifier.verifyInclusion(
          i,
          proof.checkpoint().size(),
          Rfc9162.leafHash(proof.leaf()),
          proof.path(),
          proof.checkpoint().checkpoint().rootHash());
      assertEquals(300, proof.checkpoint().size());
    }
  }

  @Test
  void consistencyProof_betweenStoredCheckpoints_verifies() throws ProofException {
    appendRange(0, 37);
    Appended small = log.append(TestRecords.decision(37)).await();
    Appended large = log.append(TestRecords.decision(38)).await();

    List<byte[]> proof = log.consistencyProof(small.checkpoint().size(), large.checkpoint().size()).await();

    ProofVerifier.verifyConsistency(
        small.checkpoint().size(),
        large.checkpoint().size(),
        proof,
        small.checkpoint().checkpoint().rootHash(),
        large.checkpoint().checkpoint().rootHash());
  }

  @Test
  void inclusionProof_indexBeyondLog_failsNamingTheSize() {
    appendRange(0, 12);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(5000).await());
    assertTrue(e.getMessage().contains("size 12"), e.getMessage());
  }

  @Test
  void open_again_continuesTheLogAndVerifies() {
    appendRange(0, 20);
    log.close().await();
    log = AuditLog.open(vertx, config).await();

    Appended next = log.append(TestRecords.decision(20)).await();
    VerifyReport report = log.verify().await();

    assertEquals(20, next.index());
    assertEquals(List.of(), report.problems());
    assertEquals(21, report.leaves());
  }

  @Test
  void onCheckpoint_commits_deliversEveryNewCheckpointInOrderOnTheSubscribersContext() throws Exception {
    appendRange(0, 5);
    Context context = vertx.getOrCreateContext();
    List<SignedCheckpoint> seen = new CopyOnWriteArrayList<>();
    List<Context> on = new CopyOnWriteArrayList<>();
    Promise<Void> all = Promise.promise();
    subscribeOn(context, checkpoint -> {
      seen.add(checkpoint);
      on.add(Vertx.currentContext());
      if (checkpoint.size() == 65) {
        all.complete();
      }
    });

    Set<SignedCheckpoint> committed = new HashSet<>();
    for (int wave = 0; wave < 4; wave++) {
      appendRange(5 + wave * 15, 15).forEach(f -> committed.add(f.result().checkpoint()));
    }
    within(all.future());

    assertEquals(committed, Set.copyOf(seen), "every checkpoint committed after subscribing, none before");
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i - 1).size() < seen.get(i).size(), "in commit order");
    }
    assertTrue(on.stream().allMatch(c -> c == context), "on the subscriber's context");
  }

  @Test
  void onCheckpoint_cancelled_deliversNothingMore_andAThrowingListenerKeepsItsPlace() throws Exception {
    Context context = vertx.getOrCreateContext();
    List<Long> cancelledSaw = new CopyOnWriteArrayList<>();
    List<Long> throwingSaw = new CopyOnWriteArrayList<>();
    Subscription cancelled = subscribeOn(context, checkpoint -> cancelledSaw.add(checkpoint.size()));
    subscribeOn(context, checkpoint -> {
      throwingSaw.add(checkpoint.size());
      throw new IllegalStateException("a listener's own bug");
    });
    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    // registered last on the same context: once it has seen a checkpoint, so has everyone before it
    subscribeOn(context, checkpoint -> (checkpoint.size() == 1 ? first : second).tryComplete());

    appendRange(0, 1);
    within(first.future());
    cancelled.cancel();
    cancelled.cancel();
    appendRange(1, 1);
    within(second.future());

    assertEquals(List.of(1L), cancelledSaw);
    assertEquals(List.of(1L, 2L), throwingSaw);
  }

  private Subscription subscribeOn(Context context, Consumer<SignedCheckpoint> listener) throws Exception {
    Promise<Subscription> subscribed = Promise.promise();
    context.runOnContext(v -> subscribed.complete(log.onCheckpoint(listener)));
    return within(subscribed.future());
  }

  /** Waits for a future, at most long enough for a stuck one to fail the test rather than hang it. */
  private static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  private List<Future<Appended>> appendRange(long from, int count) {
    List<Future<Appended>> futures = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      futures.add(log.append(TestRecords.decision(i)));
    }
    Future.all(futures).await();
    return futures;
  }
}
