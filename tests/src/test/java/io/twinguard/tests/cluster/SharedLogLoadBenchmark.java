package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker req/s with 1, 2 and 3 clustered brokers on ONE audit log with shared writers ({@code
 * log.writers: shared}) in one embedded PostgreSQL, in one run, and how long records wait for their
 * index under that load. Each configuration is a fresh set of {@code twinguard serve} JVMs ({@link
 * Brokers}), loaded by {@link SpreadLoad} (plain calls round robin over the brokers), warmed up until
 * the brokers' JIT compilers have caught up ({@link WarmUp}), then measured in rounds; passes
 * alternate the order (1 2 3, then 3 2 1). The integration delay is measured two ways over the
 * measured rounds: from acceptance, by the integrating broker's histogram {@code
 * twinguard_log_integration_delay_seconds} (a record's {@code accepted_at} to the end of the
 * integration that gave it its index, PostgreSQL's clock at both ends; {@link IntegrationDelays},
 * quantiles from the buckets); and from the call's arrival (the record's {@code time}) to the start of
 * that integration (the covering checkpoint's {@code created_at}), which adds the call's own latency
 * up to its acceptance. The CPU per call of the brokers (and of it their JIT compilers), PostgreSQL
 * and the machine over the measured rounds comes
 * from {@code /proc}. Writes {@code tests/target/benchmarks/shared-log-load.csv} and {@code
 * shared-log-load.md}; fails only when a call was answered with anything but 200. Run by {@code
 * scripts/bench-cluster.sh --shared-log}; settings as {@link ClusterLoadBenchmark}'s.
 */
class SharedLogLoadBenchmark {

  private static final String DELAY = """
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms),
             count(*)
      FROM (SELECT extract(epoch FROM (SELECT c.created_at FROM log_checkpoint c WHERE c.size > l.idx
                                       ORDER BY c.size LIMIT 1) - l.record_time) * 1000 AS ms
            FROM log_leaf l WHERE l.record_time >= ? AND l.record_time < ?) d
      """;

  @TempDir Path dir;

  /** One configuration's measured rounds merged. */
  record Row(int brokers, long requests, long errors, double perSecond, double p50, double p99,
      List<Double> perRound, Delay accepted, Delay arrived, double[] cpuMs, double load) {
    static final String HEADER = "brokers,requests,errors,req_per_s,p50_ms,p99_ms,req_per_s_by_round,"
        + "integration_delay_p50_ms,integration_delay_p99_ms,records,"
        + "arrival_to_integration_p50_ms,arrival_to_integration_p99_ms,records_by_time,broker_cpu_ms_per_req,"
        + "postgres_cpu_ms_per_req,broker_jit_cpu_ms_per_req,machine_cpu_ms_per_req,loadavg";

    String csv() {
      return String.format(Locale.ROOT, "%d,%d,%d,%.0f,%.3f,%.3f,%s,%.1f,%.1f,%d,%.1f,%.1f,%d,%.3f,%.3f,%.3f,%.3f,%.1f",
          brokers, requests, errors, perSecond, p50, p99, String.join(" ", perRound.stream()
              .map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()), accepted.p50(), accepted.p99(),
          accepted.records(), arrived.p50(), arrived.p99(), arrived.records(), cpuMs[0], cpuMs[1], cpuMs[2], cpuMs[3],
          load);
    }
  }

  /** Integration delay percentiles in ms over {@code records} records. */
  record Delay(double p50, double p99, long records) {
    /** The passes' percentiles weighted by their records (p50) and their largest (p99): one run's figures. */
    static Delay of(List<Delay> passes) {
      long records = passes.stream().mapToLong(Delay::records).sum();
      return new Delay(passes.stream().mapToDouble(p -> p.p50() * p.records()).sum() / Math.max(1, records),
          passes.stream().mapToDouble(Delay::p99).max().orElse(0), records);
    }
  }

  /**
   * One configuration in one pass; {@code cpu}: the CPU (ns) of its measured rounds of the brokers,
   * PostgreSQL, the brokers' JIT compilers and the machine, and the load average at their end.
   */
  record Pass(List<SpreadLoad.Result> rounds, Delay accepted, Delay arrived, long[] cpu, double load) {}

  @Test
  void reqPerSecond_oneTwoAndThreeBrokersOnOneSharedLog() throws Exception {
    BenchSettings bench = BenchSettings.fromSystemProperties();
    List<String> warmups = new ArrayList<>();
    List<List<Pass>> byCount = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int pass = 0; pass < bench.passes(); pass++) {
      for (int k = 0; k < 3; k++) {
        int count = pass % 2 == 0 ? k + 1 : 3 - k;
        Brokers brokers = Brokers.start(dir.resolve("shared-" + count + "-" + pass),
            new Brokers.Layout(count, true, 19471, 19831, ClusterLoadBenchmark.brokerJvm(), true), Map.of());
        try (SpreadLoad load = new SpreadLoad(brokers, bench.connections())) {
          WarmUp.Outcome warm = WarmUp.run(brokers, load, List.of(false), bench.warmup(), bench.warmupMax());
          warmups.add(count + " brokers pass " + (pass + 1) + ": " + warm.describe());
          System.out.println(warmups.get(warmups.size() - 1));
          Instant from = Instant.now();
          long[] cpu = ClusterLoadBenchmark.cpu(brokers);
          List<Map<String, Long>> threads = WarmUp.threads(brokers);
          IntegrationDelays before = IntegrationDelays.of(brokers);
          List<SpreadLoad.Result> results = new ArrayList<>();
          for (int round = 1; round <= bench.rounds(); round++) {
            SpreadLoad.Result r = await(load.closedLoop(false, bench.measured()));
            results.add(r);
            System.out.printf(Locale.ROOT, "pass %d round %d shared-log-%d %6.0f req/s  p50 %7.3f ms  p99 %7.3f ms"
                + "  errors %d %s%n", pass + 1, round, count, r.perSecond(), r.millis(50), r.millis(99), r.errors(),
                r.firstError());
          }
          Instant to = Instant.now();
          long[] used = used(brokers, cpu, threads);
          double loadAvg = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
          new AuditLogs(brokers).awaitIntegrated(List.of());
          IntegrationDelays after = IntegrationDelays.of(brokers);
          Delay accepted = new Delay(after.quantileMsSince(before, 0.5), after.quantileMsSince(before, 0.99),
              after.countSince(before));
          byCount.get(count - 1).add(new Pass(results, accepted, arrived(brokers, from, to), used, loadAvg));
        } finally {
          brokers.stop();
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      rows.add(row(c + 1, byCount.get(c)));
    }
    List<String> csv = new ArrayList<>(List.of(Row.HEADER));
    rows.forEach(row -> csv.add(row.csv()));
    Files.write(bench.out().resolve("shared-log-load.csv"), csv, StandardCharsets.UTF_8);
    Files.write(bench.out().resolve("shared-log-load.md"), markdown(rows, warmups, bench.connections(),
        bench.passes() * bench.rounds(), bench.measured()),
        StandardCharsets.UTF_8);
    System.out.println(String.join(System.lineSeparator(), csv));
    for (Row row : rows) {
      assertEquals(0, row.errors(), row.brokers() + " brokers: a call was not answered 200");
    }
  }

  /** The CPU (ns) since {@code cpu} and {@code threads} were read: brokers, PostgreSQL, JIT compilers, machine. */
  private static long[] used(Brokers brokers, long[] cpu, List<Map<String, Long>> threads) throws Exception {
    long[] now = ClusterLoadBenchmark.cpu(brokers);
    Map<String, Long> grown = new HashMap<>();
    List<Map<String, Long>> after = WarmUp.threads(brokers);
    IntStream.range(0, after.size()).forEach(i -> ThreadCpu.addDifference(grown, threads.get(i), after.get(i)));
    return new long[] {now[0] - cpu[0], now[1] - cpu[1], grown.getOrDefault("JIT compilers", 0L), now[3] - cpu[3]};
  }

  /** The delay from arrival to integration of the records of calls that arrived from {@code from} to {@code to}. */
  private static Delay arrived(Brokers brokers, Instant from, Instant to) throws Exception {
    try (Connection connection = brokers.postgres().database(AuditLogs.SHARED);
        PreparedStatement query = connection.prepareStatement(DELAY)) {
      query.setTimestamp(1, Timestamp.from(from));
      query.setTimestamp(2, Timestamp.from(to));
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return new Delay(result.getDouble(1), result.getDouble(2), result.getLong(3));
      }
    }
  }

  private static Row row(int count, List<Pass> passes) {
    Histogram merged = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long requests = 0;
    long errors = 0;
    double seconds = 0;
    List<Double> perRound = new ArrayList<>();
    for (Pass pass : passes) {
      for (SpreadLoad.Result r : pass.rounds()) {
        merged.add(r.histogram());
        requests += r.requests();
        errors += r.errors();
        seconds += r.seconds();
        perRound.add(r.perSecond());
      }
    }
    long calls = Math.max(1, requests);
    double[] cpuMs = IntStream.range(0, 4).mapToDouble(i -> passes.stream().mapToLong(p -> p.cpu()[i]).sum() / 1e6
        / calls).toArray();
    return new Row(count, requests, errors, requests / seconds, merged.getValueAtPercentile(50) / 1000.0,
        merged.getValueAtPercentile(99) / 1000.0, perRound, Delay.of(passes.stream().map(Pass::accepted).toList()),
        Delay.of(passes.stream().map(Pass::arrived).toList()), cpuMs,
        passes.stream().mapToDouble(Pass::load).max().orElse(0));
  }

  private static List<String> markdown(List<Row> rows, List<String> warmups, int connections, int rounds,
      Duration measured) {
    List<String> md = new ArrayList<>();
    md.add(String.format(Locale.ROOT, "# Brokers on one shared audit log, %s%n%n%d cores, %d connections round robin,"
        + " %d rounds of %d s per configuration, load avg %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
        connections, rounds, measured.toSeconds(), loadAverage()));
    warmups.forEach(line -> md.add("- " + line));
    md.add("");
    md.add("| brokers | req/s | over 1 broker | not 200 | call p50 ms | call p99 ms | integration delay from"
        + " acceptance p50 ms | p99 ms | records | from the call's arrival p50 ms | p99 ms | CPU ms/call: brokers"
        + " | of it JIT | PostgreSQL | machine | load avg |");
    md.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      md.add(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %d | %.2f | %.2f | %.1f | %.1f | %d | %.1f | %.1f"
          + " | %.3f | %.3f | %.3f | %.3f | %.1f |", r.brokers(), r.perSecond(), r.perSecond() / rows.get(0).perSecond(),
          r.errors(), r.p50(), r.p99(), r.accepted().p50(), r.accepted().p99(), r.accepted().records(),
          r.arrived().p50(), r.arrived().p99(), r.cpuMs()[0], r.cpuMs()[2], r.cpuMs()[1], r.cpuMs()[3], r.load()));
    }
    return md;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
