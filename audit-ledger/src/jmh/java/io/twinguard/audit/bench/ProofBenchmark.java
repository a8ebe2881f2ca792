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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proofs against the newest checkpoint of a log of {@code size} leaves on the embedded PostgreSQL:
 * an inclusion proof read from the store (one query for O(log n) rows), its verification, a
 * consistency proof from a random earlier size, and a full {@code verify} of the log (one shot).
 * Each fork first fills its own log with one small registry record, repeated (batches of 512, two
 * in flight). Sample time: compare the medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProofBenchmark {

  private static final int SAMPLES = 1024;

  @Param({"10000", "100000", "1000000"})
  public long size;

  private Path dir;
  private Vertx vertx;
  private AuditLog log;
  private SignedCheckpoint checkpoint;
  private long[] indices;
  private long[] earlierSizes;
  private InclusionProof[] proofs;
  private int next;

  @Setup(Level.Trial)
  public void start() throws IOException, InvalidRecordException {
    dir = Files.createTempDirectory("twinguard-proof-bench");
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(512, Duration.ofMillis(2)).withInFlight(2)).await();
    // a small valid record (the consent kind has a full schema now, so an empty one is refused)
    AuditRecord small = AuditRecord.parse("{\"kind\":\"registry\",\"time\":\"2026-01-01T00:00:00Z\","
        + "\"action\":\"mode\",\"actor\":\"a\",\"declaration_digest\":\"sha-256=:AAAA:\"}");
    for (long done = 0; done < size; ) {
      int chunk = (int) Math.min(20_000, size - done);
      List<Future<?>> futures = new ArrayList<>(chunk);
      for (int i = 0; i < chunk; i++) {
        futures.add(log.append(small));
      }
      Future.all(futures).await();
      done += chunk;
    }
    checkpoint = log.latestCheckpoint().await().orElseThrow();
    Random random = new Random(9162);
    indices = random.longs(SAMPLES, 0, size).toArray();
    earlierSizes = random.longs(SAMPLES, 1, size).toArray();
    proofs = new InclusionProof[SAMPLES];
    long rows = 0;
    for (int k = 0; k < SAMPLES; k++) {
      proofs[k] = log.inclusionProof(indices[k], checkpoint).await();
      rows += ProofPlan.nodes(ProofPlan.inclusion(indices[k], size)).size() + 1;
    }
    System.out.printf("%n%,d leaves; an inclusion proof reads %.1f rows on average%n", size, rows / (double) SAMPLES);
  }

  @Benchmark
  public InclusionProof inclusionProof() {
    return log.inclusionProof(indices[next++ & (SAMPLES - 1)], checkpoint).await();
  }

  @Benchmark
  public void verifyInclusion() throws ProofException {
    int k = next++ & (SAMPLES - 1);
    ProofVerifier.verifyInclusion(indices[k], size, Rfc9162.leafHash(proofs[k].leaf()), proofs[k].path(),
        checkpoint.checkpoint().rootHash());
  }

  @Benchmark
  public List<byte[]> consistencyProof() {
    return log.consistencyProof(earlierSizes[next++ & (SAMPLES - 1)], size).await();
  }

  /** Recomputes every subtree and checks every checkpoint: one run per fork. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public VerifyReport fullVerify() {
    VerifyReport report = log.verify().await();
    if (!report.intact()) {
      throw new IllegalStateException("the benchmark's log does not verify: " + report.problems());
    }
    return report;
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    try {
      log.close().await();
      vertx.close().await();
    } finally {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
