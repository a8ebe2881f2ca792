package io.twinguard.audit.bench;

import io.twinguard.audit.TestRecords;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Durable appends per second on the embedded PostgreSQL (fsync and synchronous_commit on), at a
 * batch size and a number of batches in flight, under steady load ({@link AppendPump}): {@code
 * target=log} appends decision records of about 700 bytes to the audit log; {@code target=plain}
 * inserts the same leaves into a bare table with the same batching ({@link PlainTable}), the
 * baseline. {@link AppendReport} runs both and prints their ratio. Each combination runs in a JVM
 * and a database of its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
public class AppendBenchmark {

  /** How long a record may wait for others while the most batches are in flight. */
  static final Duration MAX_AGE = Duration.ofMillis(1);

  /** Distinct records, cycled: built and validated before the load starts. */
  private static final int RECORDS = 16_384;


  @Param({"512", "64", "1"})
  public int batch;

  @Param({"1", "2"})
  public int inFlight;

  @Param({"log", "plain"})
  public String target;

  private Path dir;
  private Vertx vertx;
  private AuditLog log;
  private PlainTable plain;
  private AppendPump pump;
  private CpuMeter cpu;

  @Setup(Level.Trial)
  public void start() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("twinguard-append-bench");
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(batch, MAX_AGE).withInFlight(inFlight)).await();
    Function<AuditRecord, Future<?>> sink;
    if (target.equals("log")) {
      sink = log::append;
    } else {
      plain = PlainTable.create(vertx, log.pool(), batch, MAX_AGE, inFlight).await();
      sink = plain::insert;
    }
    AuditRecord[] records = new AuditRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      records[i] = TestRecords.decision(i);
    }
    cpu = new CpuMeter(dir.resolve("pgdata"));
    pump = new AppendPump(records, sink);
    // enough outstanding appends to fill every batch in flight and the next one
    pump.start(vertx.getOrCreateContext(), Math.max(64, batch * (inFlight + 2)));
    cpu.untilJitSettles(pump);
  }

  @Benchmark
  @OperationsPerInvocation(AppendPump.CHUNK)
  public void appends() throws InterruptedException {
    pump.await(AppendPump.CHUNK);
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    cpu.start(pump.completed());
  }

  @TearDown(Level.Iteration)
  public void stopIteration(IterationParams iteration) {
    if (iteration.getType() == IterationType.MEASUREMENT) {
      cpu.stop(batch + "," + inFlight + "," + target, pump.completed());
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException, IOException {
    try {
      pump.stop();
      if (plain != null) {
        plain.close().await();
      }
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
