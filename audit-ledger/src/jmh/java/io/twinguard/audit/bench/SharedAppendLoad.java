package io.twinguard.audit.bench;

import io.twinguard.audit.TestRecords;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.record.AuditRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Appends per second with 1, 2 and 3 shared writers of one log on one embedded PostgreSQL (fsync
 * and synchronous_commit on), against the single writer in the same run, at each batch size. Every
 * writer is an {@link AuditLog} with its own pools, driven by an {@link AppendPump} on its own
 * Vert.x context. Two loads per number of writers: {@code integrated} (closed loop, the sustained
 * rate) counts an append when its record is integrated, so a writer never has more than its window
 * waiting, and measures the integration delay of every record two ways: as the writer sees it, from
 * its accepted future's completion to its {@code integrated} future's, and as the integrator records
 * it from acceptance ({@code twinguard.log.integration.delay}, each entry's {@code accepted_at} to the
 * end of its integration on PostgreSQL's clock; quantiles from the timer's histogram buckets, {@link
 * DelayQuantiles}); {@code accepted} (open loop, the acceptance
 * capacity) counts an append when it is durable, as a broker that answers then would, and reports
 * what the integrator made leaves of meanwhile and the backlog left, since nothing holds writers
 * back. A closed loop's delay is mostly its own queue (Little's law: window / rate), so the delay
 * is measured a third way too, {@code paced}: the writers together append at a fixed rate, well
 * below what they can integrate, each record waiting for its index. Each configuration gets a
 * fresh database, then a warm-up and a measurement of fixed length.
 *
 * <p>Arguments: {@code warmup-s measure-s paced-rate batch...}; writes {@code
 * target/benchmarks/shared-append.md}.
 */
public final class SharedAppendLoad {

  private static final int RECORDS = 16_384;
  private static final int IN_FLIGHT = 2;

  /** How appends are counted: when integrated, closed loop; when accepted, open loop; integrated at a fixed rate. */
  private enum Load { INTEGRATED, ACCEPTED, PACED }

  private record Result(int batch, String mode, double appendsPerS, double integratedPerS, long backlog,
      Optional<Long> p50Micros, Optional<Long> p99Micros, Optional<DelayQuantiles> fromAcceptance) {}

  private SharedAppendLoad() {}

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int measure = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 2000;
    List<Integer> batches = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      batches.add(Integer.parseInt(args[i]));
    }
    if (batches.isEmpty()) {
      batches = List.of(512, 64);
    }
    AuditRecord[] records = new AuditRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      records[i] = TestRecords.decision(i);
    }
    List<Result> results = new ArrayList<>();
    Instant started = Instant.now();
    for (int batch : batches) {
      results.add(run(records, batch, 0, Load.INTEGRATED, 0, warmup, measure));
      for (Load load : Load.values()) {
        for (int writers = 1; writers <= 3; writers++) {
          Result r = run(records, batch, writers, load, rate, warmup, measure);
          System.out.println(r);
          results.add(r);
        }
      }
    }
    write(results, started, warmup, measure);
  }

  /** One configuration; {@code writers} 0 is the single writer; {@code rate}: of all writers, when paced. */
  private static Result run(AuditRecord[] records, int batch, int writers, Load load, double rate, int warmup,
      int measure) throws Exception {
    Path dir = Files.createTempDirectory("twinguard-shared-bench");
    Vertx vertx = Vertx.vertx();
    List<AuditLog> logs = new ArrayList<>();
    List<Driver> pumps = new ArrayList<>();
    ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
    try {
      LogConfig embedded = LogConfig.embeddedIn(dir).withBatching(batch, AppendBenchmark.MAX_AGE).withInFlight(IN_FLIGHT);
      if (writers == 0) {
        logs.add(AuditLog.open(vertx, embedded).await());
      } else {
        LogConfig first = embedded.shared(Duration.ofSeconds(1), Duration.ofMinutes(2));
        logs.add(AuditLog.open(vertx, first).await());
        PgConnectOptions o = logs.get(0).connectOptions();
        String uri = "postgresql://" + o.getUser() + ":" + o.getPassword() + "@" + o.getHost() + ":" + o.getPort()
            + "/" + o.getDatabase();
        for (int w = 1; w < writers; w++) {
          logs.add(AuditLog.open(vertx, new LogConfig(Optional.of(uri), dir, first.origin(), first.keyFile(), batch,
              AppendBenchmark.MAX_AGE, IN_FLIGHT, first.writers(), first.takeover(), first.integrationTimeout()))
              .await());
        }
      }
      for (AuditLog log : logs) {
        Function<AuditRecord, Future<?>> sink = writers == 0 || load == Load.ACCEPTED ? log::accept
            : record -> log.accept(record).compose(accepted -> {
              long at = System.nanoTime();
              return log.integrated(accepted).onSuccess(a -> delays.add(System.nanoTime() - at));
            });
        if (load == Load.PACED) {
          PacedLoad paced = new PacedLoad(vertx, records, sink, rate / writers);
          pumps.add(paced);
          paced.start(vertx.getOrCreateContext());
        } else {
          AppendPump pump = new AppendPump(records, sink);
          pumps.add(pump);
          pump.start(vertx.getOrCreateContext(), Math.max(64, batch * (IN_FLIGHT + 2)));
        }
      }
      TimeUnit.SECONDS.sleep(warmup);
      pumps.forEach(Driver::check);
      long acceptedBefore = completed(pumps);
      long sizeBefore = size(logs.get(0));
      delays.clear();
      // bound now, so that the integrator's timer counts the measured interval only
      SimpleMeterRegistry meters = DelayQuantiles.registry();
      logs.forEach(log -> log.metrics().bindTo(meters));
      long t0 = System.nanoTime();
      TimeUnit.SECONDS.sleep(measure);
      long acceptedAfter = completed(pumps);
      long sizeAfter = size(logs.get(0));
      double seconds = (System.nanoTime() - t0) / 1e9;
      pumps.forEach(Driver::check);
      List<Long> sorted = new ArrayList<>(delays);
      sorted.sort(Comparator.naturalOrder());
      for (Driver pump : pumps) {
        pump.stop();
      }
      long backlog = writers == 0 ? 0 : within(logs.get(0).pool().query("SELECT count(*) FROM log_entry").execute())
          .iterator().next().getLong(0);
      String mode = writers == 0 ? "single" : writers + " shared, " + switch (load) {
        case INTEGRATED -> "integrated";
        case ACCEPTED -> "accepted";
        case PACED -> String.format("integrated, paced at %.0f/s", rate);
      };
      return new Result(batch, mode, (acceptedAfter - acceptedBefore) / seconds,
          (sizeAfter - sizeBefore) / seconds, backlog, percentile(sorted, 0.50), percentile(sorted, 0.99),
          writers == 0 ? Optional.empty() : DelayQuantiles.of(meters));
    } finally {
      // the first writer runs the embedded database: it closes last
      for (int i = logs.size() - 1; i >= 0; i--) {
        logs.get(i).close().await();
      }
      vertx.close().await();
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static <T> T within(Future<T> future) throws java.util.concurrent.TimeoutException {
    return future.await(1, TimeUnit.MINUTES);
  }

  private static long completed(List<Driver> pumps) {
    return pumps.stream().mapToLong(Driver::completed).sum();
  }

  private static long size(AuditLog log) {
    return log.latestCheckpoint().await().map(SignedCheckpoint::size).orElse(0L);
  }

  private static Optional<Long> percentile(List<Long> sorted, double q) {
    return sorted.isEmpty() ? Optional.empty()
        : Optional.of(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1000);
  }

  private static void write(List<Result> results, Instant started, int warmup, int measure) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("Run ").append(started).append(" to ").append(Instant.now()).append(", warm-up ").append(warmup)
        .append(" s, measurement ").append(measure).append(" s, ").append(IN_FLIGHT).append(" in flight, load average ")
        .append(String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage())).append(" at the end\n\n");
    md.append("| batch | writers, counted when | appends/s | ratio to single | leaves integrated/s | backlog at stop "
        + "| integration delay p50 / p99 (writer's wait) | from acceptance p50 / p99 (integrator's histogram) |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    double single = 0;
    for (Result r : results) {
      if (r.mode().equals("single")) {
        single = r.appendsPerS();
      }
      md.append(String.format("| %d | %s | %,.0f | %.2f | %,.0f | %d | %s | %s |%n", r.batch(), r.mode(),
          r.appendsPerS(), r.appendsPerS() / single, r.integratedPerS(), r.backlog(),
          r.p50Micros().map(p -> String.format("%.1f ms / %.1f ms", p / 1000.0, r.p99Micros().get() / 1000.0))
              .orElse("-"),
          r.fromAcceptance().map(d -> String.format("%.1f ms / %.1f ms (%,d)", d.p50Ms(), d.p99Ms(), d.count()))
              .orElse("-")));
    }
    Path out = Path.of("target", "benchmarks", "shared-append.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    System.out.print(md);
  }
}
