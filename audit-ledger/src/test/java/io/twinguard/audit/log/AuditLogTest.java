package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** One embedded PostgreSQL for the class; the tests build on each other's log, in order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditLogTest {

  @TempDir static Path dir;
  static Vertx vertx;
  static AuditLog log;

  @BeforeAll
  static void open() {
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(64, Duration.ofMillis(5))).await();
  }

  @AfterAll
  static void close() {
    log.close().await();
    vertx.close().await();
  }

  @Test
  @Order(1)
  void append_concurrentRecords_getDenseIndicesCoveredBySignedCheckpoints()
      throws NoteVerificationException {
    List<Future<Appended>> futures = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      futures.add(log.append(TestRecords.decision(i)));
    }
    Future.all(futures).await();

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
  @Order(2)
  void inclusionProof_everyTenthLeaf_verifiesAgainstLatestCheckpoint() throws ProofException {
    for (long i = 0; i < 1000; i += 10) {
      InclusionProof proof = log.inclusionProof(i).await();
      ProofVerifier.verifyInclusion(
          i,
          proof.checkpoint().size(),
          Rfc9162.leafHash(proof.leaf()),
          proof.path(),
          proof.checkpoint().checkpoint().rootHash());
    }
  }

  @Test
  @Order(3)
  void consistencyProof_betweenStoredCheckpoints_verifies() throws ProofException {
    Appended small = log.append(TestRecords.decision(1000)).await();
    Appended large = log.append(TestRecords.decision(1001)).await();

    List<byte[]> proof = log.consistencyProof(small.checkpoint().size(), large.checkpoint().size()).await();

    ProofVerifier.verifyConsistency(
        small.checkpoint().size(),
        large.checkpoint().size(),
        proof,
        small.checkpoint().checkpoint().rootHash(),
        large.checkpoint().checkpoint().rootHash());
  }

  @Test
  @Order(4)
  void inclusionProof_indexBeyondLog_failsNamingTheSize() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(5000).await());
    assertTrue(e.getMessage().contains("1002"), e.getMessage());
  }

  @Test
  @Order(5)
  void open_again_continuesTheLogAndVerifies() {
    log.close().await();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir)).await();

    Appended next = log.append(TestRecords.decision(1002)).await();
    VerifyReport report = log.verify().await();

    assertEquals(1002, next.index());
    assertEquals(List.of(), report.problems());
    assertEquals(1003, report.leaves());
  }
}
