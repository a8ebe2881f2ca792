package io.twinguard.tests.fabric;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.anchor.AnchoringOptions;
import io.twinguard.audit.anchor.AnchoringService;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable appends per second of the audit log with background anchoring on Fabric off and on, in
 * the same run, on the same log and database, after a warm-up round: rounds go off-on, on-off,
 * off-on... so that a steady drift in the machine's speed (JIT, other load) favours neither.
 * Anchoring uses the defaults (every 1000 records or every second) unless {@code -DeveryRecords}
 * and {@code -DeveryMs} say otherwise. The network runs in both modes; "off" only means no
 * service. Writes {@code tests/target/benchmarks/audit-anchoring-throughput.txt}. Runs only in the
 * {@code benchmarks} profile:
 *
 * <pre>mvn -B -pl tests -am verify -Pbenchmarks -Dtest=AuditAnchoringThroughputBenchmark
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dexec.skip -Drounds=4 -Dseconds=8 -Dconcurrency=256</pre>
 */
class AuditAnchoringThroughputBenchmark {

  @Test
  void appendsPerSecond_anchoringOffVersusOn(@TempDir Path dir) throws Exception {
    int rounds = Integer.getInteger("rounds", 3);
    int seconds = Integer.getInteger("seconds", 10);
    int concurrency = Integer.getInteger("concurrency", 256);
    AnchoringOptions options = AnchoringOptions.DEFAULTS.withTrigger(
        Long.getLong("everyRecords", AnchoringOptions.DEFAULTS.everyRecords()),
        Duration.ofMillis(Long.getLong("everyMs", AnchoringOptions.DEFAULTS.every().toMillis())));
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      records.add(AuditAnchoringTest.record(i));
    }
    List<String> report = new ArrayList<>();
    report.add("# Audit log appends per second, anchoring off vs on, " + Instant.now() + ", "
        + Runtime.getRuntime().availableProcessors() + " cores");
    report.add("embedded PostgreSQL (synchronous_commit on), group commit max batch 512, max age 5 ms; "
        + concurrency + " appends in flight; anchoring every " + options.everyRecords() + " records or "
        + options.every().toMillis() + " ms; " + rounds + " rounds of " + seconds + " s each way, in ABBA order after a warm-up round");
    Vertx vertx = Vertx.vertx();
    try (FabricTestNetwork fabric = FabricTestNetwork.start();
        FabricAnchorClient client = FabricAnchorClient.connect(fabric.network(), Duration.ofSeconds(30))) {
      String origin = FabricAnchoringTest.newLogId();
      AuditLog log = AuditLog.open(vertx, new LogConfig(Optional.empty(), dir, origin,
          dir.resolve("audit-log-key.pem"), 512, Duration.ofMillis(5))).await();
      try {
        Round warmup = round(log, records, concurrency, Duration.ofSeconds(seconds));
        report.add("warm-up: " + warmup.describe());
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
          // ABBA order (off-on, on-off, ...) so a steady drift in speed favours neither
          boolean onFirst = r % 2 == 0;
          for (boolean anchoring : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
            if (anchoring) {
              AnchoringService service =
                  AnchoringService.start(vertx, log, client, options).await();
              long before = service.status().anchoredSize();
              Round anchored = round(log, records, concurrency, Duration.ofSeconds(seconds));
              long anchoredSize = service.status().anchoredSize();
              service.stop().await();
              assertTrue(anchoredSize > before, "the service anchored during the round");
              on.add(anchored.perSecond());
              report.add("round " + r + " anchoring on:  " + anchored.describe() + "; anchored up to tree size "
                  + anchoredSize + " (log at " + log.latestCheckpoint().await().orElseThrow().size() + ")");
            } else {
              Round plain = round(log, records, concurrency, Duration.ofSeconds(seconds));
              off.add(plain.perSecond());
              report.add("round " + r + " anchoring off: " + plain.describe());
            }
          }
        }
        report.add(String.format("median appends/s: off %.0f, on %.0f (on/off %.2f)",
            median(off), median(on), median(on) / median(off)));
        report.add("anchors on Fabric for this log: "
            + client.listAnchors(origin, 1, Long.MAX_VALUE).size());
      } finally {
        log.close().await();
      }
    } finally {
      vertx.close().await();
    }
    Path out = FabricTestNetwork.root().resolve("tests/target/benchmarks/audit-anchoring-throughput.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    report.forEach(System.out::println);
  }

  private record Round(long appends, long nanos, List<Long> latencies) {
    double perSecond() {
      return appends * 1e9 / nanos;
    }

    String describe() {
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      return String.format("%d appends in %.1f s = %.0f/s, append latency p50 %.1f ms, p99 %.1f ms",
          appends, nanos / 1e9, perSecond(), percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
    }
  }

  /** Keeps {@code concurrency} appends in flight for the duration; each starts the next on completion. */
  private static Round round(AuditLog log, List<AuditRecord> records, int concurrency, Duration duration) {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    AtomicLong done = new AtomicLong();
    AtomicLong next = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<Future<Void>> workers = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      Promise<Void> finished = Promise.promise();
      workers.add(finished.future());
      appendUntil(log, records, end, done, next, latencies, finished);
    }
    Future.all(workers).await();
    return new Round(done.get(), System.nanoTime() - start, List.copyOf(latencies));
  }

  private static void appendUntil(
      AuditLog log, List<AuditRecord> records, long end, AtomicLong done, AtomicLong next,
      ConcurrentLinkedQueue<Long> latencies, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      finished.complete();
      return;
    }
    long t0 = System.nanoTime();
    AuditRecord record = records.get((int) (next.getAndIncrement() % records.size()));
    log.append(record).onComplete(ar -> {
      if (ar.failed()) {
        finished.fail(ar.cause());
        return;
      }
      latencies.add(System.nanoTime() - t0);
      done.incrementAndGet();
      appendUntil(log, records, end, done, next, latencies, finished);
    });
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
