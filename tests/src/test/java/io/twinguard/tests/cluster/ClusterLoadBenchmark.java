package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.tests.load.MeasuredRound;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker req/s with 1, 2 and 3 brokers on this machine, in one run: each configuration a fresh set
 * of {@code twinguard serve} JVMs ({@link Brokers}, audit on, each broker its own audit log in its
 * own database of one embedded PostgreSQL), the example twins and the load client ({@link
 * SpreadLoad}: {@code BrokerLoadBenchmark}'s call round robin over the brokers) in this JVM.
 * Configurations: one standalone broker (the baseline), then clusters of one, two and three, run in
 * passes whose order alternates (the second backwards). Each is warmed up with both mixes (plain and
 * signed) until the brokers' JIT compilers have caught up ({@link WarmUp}), then measured in rounds that alternate them, each marked in a Flight Recorder recording
 * of this JVM ({@link MeasuredRound}); for each round the CPU time of the broker JVMs (also by thread
 * group, {@link ThreadCpu}), of PostgreSQL (postmaster and backends), of this JVM and of the machine
 * is read from {@code /proc}, and after the last round the brokers' threads' CPU for {@link #IDLE}
 * without load. Writes {@code tests/target/benchmarks/cluster-load.csv}, {@code
 * cluster-load-ratios.csv}, {@code cluster-load-threads.csv} and {@code cluster-load.md}; fails only
 * when a call was answered with anything but 200. Run by {@code scripts/bench-cluster.sh}; settings
 * {@code -Dbench.connections=32 -Dbench.warmup=20 -Dbench.warmup.max=240 -Dbench.seconds=8 -Dbench.rounds=3
 * -Dbench.passes=2}, {@code -Dbench.configs=cluster-1,cluster-2} for some configurations only,
 * {@code -Dbench.broker.jvm="..."} for more options of each broker JVM ({@link #brokerJvm}).
 */
class ClusterLoadBenchmark {

  /** Each broker JVM's options: -Xmx512m, then {@code -Dbench.broker.jvm} split at spaces. */
  static List<String> brokerJvm() {
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
    jvm.addAll(List.of(System.getProperty("bench.broker.jvm", "").trim().split("\\s+")));
    jvm.removeIf(String::isEmpty);
    return jvm;
  }

  /** How long the brokers' CPU is read without load after the last round of a configuration. */
  private static final Duration IDLE = Duration.ofSeconds(5);

  @TempDir Path dir;

  /** One configuration and call mix, its rounds merged, with the CPU each part used per call. */
  record Row(String config, int brokers, String mix, long requests, long errors, double perSecond, double p50,
      double p99, List<Double> perRound, double brokerCpuMs, double postgresCpuMs, double clientCpuMs,
      double machineCpuMs, double load, Map<String, Long> threads) {
    static final String HEADER = "config,brokers,mix,requests,errors,req_per_s,p50_ms,p99_ms,req_per_s_by_round,"
        + "broker_cpu_ms_per_req,postgres_cpu_ms_per_req,client_jvm_cpu_ms_per_req,machine_cpu_ms_per_req,loadavg";

    String csv() {
      return String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%.0f,%.3f,%.3f,%s,%.3f,%.3f,%.3f,%.3f,%.1f", config, brokers,
          mix, requests, errors, perSecond, p50, p99, String.join(" ", perRound.stream()
              .map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()), brokerCpuMs, postgresCpuMs, clientCpuMs,
          machineCpuMs, load);
    }
  }

  @Test
  void reqPerSecond_oneTwoAndThreeBrokers_spreadRoundRobin() throws Exception {
    BenchSettings bench = BenchSettings.fromSystemProperties();
    List<String> warmups = new ArrayList<>();
    List<String> configs = List.of(System.getProperty("bench.configs", "standalone-1,cluster-1,cluster-2,cluster-3")
        .split(","));
    List<Brokers.Layout> layouts = Stream.of(new Brokers.Layout(1, false, 19451, 19811, brokerJvm()),
        new Brokers.Layout(1, true, 19451, 19811, brokerJvm()), new Brokers.Layout(2, true, 19451, 19811, brokerJvm()),
        new Brokers.Layout(3, true, 19451, 19811, brokerJvm())).filter(l -> configs.contains(name(l))).toList();
    // [configuration][mix]: every round of every pass; passes alternate the order (1 2 3 3 2 1), so
    // that a drift of the shared machine's load hits the configurations alike
    List<List<List<Measured>>> measuredRounds = new ArrayList<>();
    layouts.forEach(layout -> measuredRounds.add(List.of(new ArrayList<>(), new ArrayList<>())));
    // [configuration]: the brokers' threads' CPU while no call arrives, after the last round (per-second costs)
    List<Map<String, Long>> idle = layouts.stream().<Map<String, Long>>map(layout -> new HashMap<>()).toList();
    for (int pass = 0; pass < bench.passes(); pass++) {
      for (int k = 0; k < layouts.size(); k++) {
        int c = pass % 2 == 0 ? k : layouts.size() - 1 - k;
        Brokers.Layout layout = layouts.get(c);
        Brokers brokers = Brokers.start(dir.resolve(name(layout) + "-" + pass), layout, Map.of());
        try (SpreadLoad load = new SpreadLoad(brokers, bench.connections())) {
          WarmUp.Outcome warm = WarmUp.run(brokers, load, List.of(false, true), bench.warmup(), bench.warmupMax());
          warmups.add(name(layout) + " pass " + (pass + 1) + ": " + warm.describe());
          System.out.println(warmups.get(warmups.size() - 1));
          for (int round = 1; round <= bench.rounds(); round++) {
            for (int mix = 0; mix < 2; mix++) {
              Measured m = measure(brokers, load, name(layout), mix == 1, bench.measured());
              measuredRounds.get(c).get(mix).add(m);
              System.out.printf(Locale.ROOT, "pass %d round %d %-13s %-6s %6.0f req/s  p50 %7.3f ms  p99 %7.3f ms"
                  + "  errors %d %s%n", pass + 1, round, name(layout), mix == 1 ? "signed" : "plain",
                  m.result().perSecond(), m.result().millis(50), m.result().millis(99), m.result().errors(),
                  m.result().firstError());
            }
          }
          List<Map<String, Long>> before = WarmUp.threads(brokers);
          await(brokers.vertx.timer(IDLE.toMillis()));
          List<Map<String, Long>> after = WarmUp.threads(brokers);
          IntStream.range(0, before.size()).forEach(i -> ThreadCpu.addDifference(idle.get(c), before.get(i), after.get(i)));
        } finally {
          brokers.stop();
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < layouts.size(); c++) {
      rows.add(row(name(layouts.get(c)), layouts.get(c).count(), "plain", measuredRounds.get(c).get(0)));
      rows.add(row(name(layouts.get(c)), layouts.get(c).count(), "signed", measuredRounds.get(c).get(1)));
    }
    List<String> csv = new ArrayList<>(List.of(Row.HEADER));
    rows.forEach(row -> csv.add(row.csv()));
    List<String> ratios = ClusterLoadReport.ratios(rows);
    List<String> threads = new ArrayList<>(List.of("config,mix,group,broker_cpu_ms_per_req_or_s,share"));
    rows.forEach(row -> threads.addAll(ThreadCpu.csv(row.config(), row.mix(), row.threads(), row.requests())));
    IntStream.range(0, layouts.size()).forEach(c -> threads.addAll(ThreadCpu.csv(name(layouts.get(c)), "idle",
        idle.get(c), bench.passes() * IDLE.toSeconds())));
    Files.write(bench.out().resolve("cluster-load-threads.csv"), threads, StandardCharsets.UTF_8);
    Files.write(bench.out().resolve("cluster-load.csv"), csv, StandardCharsets.UTF_8);
    Files.write(bench.out().resolve("cluster-load-ratios.csv"), ratios, StandardCharsets.UTF_8);
    Files.write(bench.out().resolve("cluster-load.md"), ClusterLoadReport.markdown(rows, ratios, warmups,
        bench.connections(), bench.passes() * bench.rounds(), bench.measured()),
        StandardCharsets.UTF_8);
    System.out.println(String.join(System.lineSeparator(), csv));
    System.out.println(String.join(System.lineSeparator(), ratios));
    System.out.println(String.join(System.lineSeparator(), threads));
    for (Row row : rows) {
      assertEquals(0, row.errors(), row.config() + " " + row.mix() + ": a call was not answered 200");
    }
  }

  private static String name(Brokers.Layout layout) {
    return (layout.clustered() ? "cluster-" : "standalone-") + layout.count();
  }

  /** One round's result and the CPU time each part, and each group of the brokers' threads, used in it (ns). */
  record Measured(SpreadLoad.Result result, long brokerCpu, long postgresCpu, long clientCpu, long machineCpu,
      double load, Map<String, Long> threads) {}

  /** A measured round, marked in a Flight Recorder recording of this JVM as the configuration's and mix's. */
  private static Measured measure(Brokers brokers, SpreadLoad load, String config, boolean signed, Duration length)
      throws Exception {
    List<Map<String, Long>> threadsBefore = WarmUp.threads(brokers);
    long[] before = cpu(brokers);
    MeasuredRound round = MeasuredRound.start(config, signed ? "signed" : "plain");
    SpreadLoad.Result result = await(load.closedLoop(signed, length));
    round.end(result.requests());
    long[] after = cpu(brokers);
    List<Map<String, Long>> threadsAfter = WarmUp.threads(brokers);
    Map<String, Long> threads = new HashMap<>();
    for (int i = 0; i < threadsBefore.size(); i++) {
      ThreadCpu.addDifference(threads, threadsBefore.get(i), threadsAfter.get(i));
    }
    return new Measured(result, after[0] - before[0], after[1] - before[1], after[2] - before[2],
        after[3] - before[3], Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]), threads);
  }

  /** Broker JVMs, PostgreSQL, this JVM, the machine: CPU so far, in nanoseconds. */
  static long[] cpu(Brokers brokers) throws Exception {
    long broker = 0;
    for (int i = 0; i < brokers.layout.count(); i++) {
      broker += ProcessCpu.of(brokers.broker(i).pid());
    }
    return new long[] {broker, ProcessCpu.withChildren(brokers.postgres().pid()), ProcessCpu.of(ProcessHandle.current().pid()),
        ProcessCpu.machineBusy()};
  }

  private static Row row(String config, int count, String mix, List<Measured> rounds) {
    Histogram merged = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    long requests = 0;
    long errors = 0;
    double seconds = 0;
    long[] cpu = new long[4];
    double load = 0;
    Map<String, Long> threads = new HashMap<>();
    for (Measured m : rounds) {
      m.threads().forEach((group, nanos) -> threads.merge(group, nanos, Long::sum));
      merged.add(m.result().histogram());
      requests += m.result().requests();
      errors += m.result().errors();
      seconds += m.result().seconds();
      cpu[0] += m.brokerCpu();
      cpu[1] += m.postgresCpu();
      cpu[2] += m.clientCpu();
      cpu[3] += m.machineCpu();
      load = Math.max(load, m.load());
    }
    double perCall = requests == 0 ? 0 : 1e6 * requests;
    return new Row(config, count, mix, requests, errors, requests / seconds,
        merged.getValueAtPercentile(50) / 1000.0, merged.getValueAtPercentile(99) / 1000.0,
        rounds.stream().map(m -> m.result().perSecond()).toList(), cpu[0] / perCall, cpu[1] / perCall,
        cpu[2] / perCall, cpu[3] / perCall, load, threads);
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
