package io.twinguard.audit.bench;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.InclusionProof;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.log.VerifyReport;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofPlan;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.InvalidRecordException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Proof generation and verification at 10^4, 10^5 and 10^6 entries and a full verify, on the
 * embedded PostgreSQL, timed by hand (durable appends are the JMH {@code AppendBenchmark}). Run by
 * the benchmarks profile (see the module README), never by mvn verify.
 */
public final class ProofBenchmark {

  private ProofBenchmark() {}

  public static void main(String[] args) throws IOException, ProofException, InvalidRecordException {
    long maxSize = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("twinguard-audit-bench");
    Vertx vertx = Vertx.vertx();
    try {
      proofs(vertx, dir.resolve("proofs"), maxSize);
    } finally {
      vertx.close().await();
      deleteTree(dir);
    }
  }

  /** The benchmark's databases take gigabytes: remove them. */
  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void proofs(Vertx vertx, Path dir, long maxSize)
      throws ProofException, InvalidRecordException {
    System.out.println("== proofs against the newest checkpoint (1000 random leaves per size) ==");
    AuditLog log =
        AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(512, Duration.ofMillis(2))).await();
    AuditRecord small =
        AuditRecord.parse("{\"kind\":\"consent\",\"time\":\"2026-01-01T00:00:00Z\"}");
    Random random = new Random(9162);
    long size = 0;
    for (long target = 10_000; target <= maxSize; target *= 10) {
      long fillStart = System.nanoTime();
      fill(log, small, target - size);
      size = target;
      System.out.printf(
          "filled to %,d leaves (%.1f s)%n", size, (System.nanoTime() - fillStart) / 1e9);
      SignedCheckpoint checkpoint = log.latestCheckpoint().await().orElseThrow();
      long[] indices = random.longs(1000, 0, size).toArray();
      for (long i : Arrays.copyOf(indices, 100)) {
        log.inclusionProof(i, checkpoint).await(); // warm-up
      }
      long[] genNanos = new long[indices.length];
      long[] verifyNanos = new long[indices.length];
      long rows = 0;
      for (int k = 0; k < indices.length; k++) {
        long t0 = System.nanoTime();
        InclusionProof proof = log.inclusionProof(indices[k], checkpoint).await();
        long t1 = System.nanoTime();
        ProofVerifier.verifyInclusion(
            indices[k],
            checkpoint.size(),
            Rfc9162.leafHash(proof.leaf()),
            proof.path(),
            checkpoint.checkpoint().rootHash());
        long t2 = System.nanoTime();
        genNanos[k] = t1 - t0;
        verifyNanos[k] = t2 - t1;
        rows += ProofPlan.nodes(ProofPlan.inclusion(indices[k], checkpoint.size())).size() + 1;
      }
      long[] consistencyNanos = new long[200];
      for (int k = 0; k < consistencyNanos.length; k++) {
        long size1 = 1 + random.nextLong(size - 1);
        long t0 = System.nanoTime();
        List<byte[]> proof = log.consistencyProof(size1, size).await();
        consistencyNanos[k] = System.nanoTime() - t0;
        if (proof.isEmpty() && size1 != size) {
          throw new IllegalStateException("empty consistency proof");
        }
      }
      System.out.printf(
          "n=%,9d: inclusion proof p50 %6.0f us p99 %6.0f us, %.1f rows read on average;"
              + " verify p50 %4.0f us; consistency proof p50 %6.0f us%n",
          size,
          percentile(genNanos, 50) / 1e3,
          percentile(genNanos, 99) / 1e3,
          rows / (double) indices.length,
          percentile(verifyNanos, 50) / 1e3,
          percentile(consistencyNanos, 50) / 1e3);
    }
    long verifyStart = System.nanoTime();
    VerifyReport report = log.verify().await();
    System.out.printf(
        "verify of %,d leaves and %,d checkpoints: %.1f s, %s%n",
        report.leaves(),
        report.checkpoints(),
        (System.nanoTime() - verifyStart) / 1e9,
        report.intact() ? "intact" : "PROBLEMS " + report.problems());
    log.close().await();
  }

  private static void fill(AuditLog log, AuditRecord record, long count) {
    long done = 0;
    while (done < count) {
      int chunk = (int) Math.min(20_000, count - done);
      Future<?>[] futures = new Future<?>[chunk];
      for (int i = 0; i < chunk; i++) {
        futures[i] = log.append(record);
      }
      Future.all(Arrays.asList(futures)).await();
      done += chunk;
    }
  }

  private static double percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

}
