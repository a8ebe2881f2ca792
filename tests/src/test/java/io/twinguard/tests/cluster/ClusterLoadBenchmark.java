package io.twinguard.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker req/s with 1, 2 and 3 brokers on this machine, in one run: each configuration a fresh set
 * of {@code twinguard serve} JVMs ({@link Brokers}, audit on, each broker its own audit log in its
 * own database of one embedded PostgreSQL, as the log allows one writer for now), the example twins
 * and the load client ({@link SpreadLoad}: {@code BrokerLoadBenchmark}'s call spread round robin over
 * the brokers) in this JVM. Configurations: one standalone broker (the baseline), then clusters of
 * one, two and three, run in passes whose order alternates (the second backwards). Each is warmed up
 * with both mixes (plain and signed), then measured in rounds that alternate them; for each round the CPU time of the broker JVMs, of PostgreSQL (postmaster and
 * its backends), of this JVM (load client and twins) and of the whole machine is read from {@code
 * /proc}. Writes {@code tests/target/benchmarks/cluster-load.csv} and {@code cluster-load.md} and
 * prints them; fails only when a call was answered with anything but 200. Run by {@code
 * scripts/bench-cluster.sh}; settings {@code -Dbench.connections=32 -Dbench.warmup=20
 * -Dbench.seconds=8 -Dbench.rounds=3 -Dbench.passes=2}.
 */
class ClusterLoadBenchmark {

  private static final List<String> BROKER_JVM = List.of("-Xmx512m");

  @TempDir Path dir;

  /** One configuration and call mix, its rounds merged, with the CPU each part used per call. */
  record Row(String config, int brokers, String mix, long requests, long errors, double perSecond, double p50,
      double p99, List<Double> perRound, double brokerCpuMs, double postgresCpuMs, double clientCpuMs,
      double machineCpuMs, double load) {
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
    int connections = Integer.getInteger("bench.connections", 32);
    Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 20));
    Duration measured = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    int rounds = Integer.getInteger("bench.rounds", 3);
    int passes = Integer.getInteger("bench.passes", 2);
    Path out = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize()
        .resolve("tests/target/benchmarks");
    Files.createDirectories(out);
    List<Brokers.Layout> layouts = List.of(
        new Brokers.Layout(1, false, 19451, 19811, BROKER_JVM),
        new Brokers.Layout(1, true, 19451, 19811, BROKER_JVM),
        new Brokers.Layout(2, true, 19451, 19811, BROKER_JVM),
        new Brokers.Layout(3, true, 19451, 19811, BROKER_JVM));
    // [configuration][mix]: every round of every pass; passes alternate the order (1 2 3 3 2 1), so
    // that a drift of the shared machine's load hits the configurations alike
    List<List<List<Measured>>> measuredRounds = new ArrayList<>();
    layouts.forEach(layout -> measuredRounds.add(List.of(new ArrayList<>(), new ArrayList<>())));
    for (int pass = 0; pass < passes; pass++) {
      for (int k = 0; k < layouts.size(); k++) {
        int c = pass % 2 == 0 ? k : layouts.size() - 1 - k;
        Brokers.Layout layout = layouts.get(c);
        Brokers brokers = Brokers.start(dir.resolve(name(layout) + "-" + pass), layout, Map.of());
        try (SpreadLoad load = new SpreadLoad(brokers, connections)) {
          for (boolean signed : new boolean[] {false, true}) {
            await(load.closedLoop(signed, warmup));
          }
          for (int round = 1; round <= rounds; round++) {
            for (int mix = 0; mix < 2; mix++) {
              Measured m = measure(brokers, load, mix == 1, measured);
              measuredRounds.get(c).get(mix).add(m);
              System.out.printf(Locale.ROOT, "pass %d round %d %-13s %-6s %6.0f req/s  p50 %7.3f ms  p99 %7.3f ms"
                  + "  errors %d %s%n", pass + 1, round, name(layout), mix == 1 ? "signed" : "plain",
                  m.result().perSecond(), m.result().millis(50), m.result().millis(99), m.result().errors(),
                  m.result().firstError());
            }
          }
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
    List<String> ratios = ratios(rows);
    Files.write(out.resolve("cluster-load.csv"), csv, StandardCharsets.UTF_8);
    Files.write(out.resolve("cluster-load-ratios.csv"), ratios, StandardCharsets.UTF_8);
    Files.write(out.resolve("cluster-load.md"), markdown(rows, ratios, connections, passes * rounds, measured),
        StandardCharsets.UTF_8);
    System.out.println(String.join(System.lineSeparator(), csv));
    System.out.println(String.join(System.lineSeparator(), ratios));
    for (Row row : rows) {
      assertEquals(0, row.errors(), row.config() + " " + row.mix() + ": a call was not answered 200");
    }
  }

  private static String name(Brokers.Layout layout) {
    return (layout.clustered() ? "cluster-" : "standalone-") + layout.count();
  }

  /** One round's result and the CPU time each part used during it (nanoseconds). */
  record Measured(SpreadLoad.Result result, long brokerCpu, long postgresCpu, long clientCpu, long machineCpu,
      double load) {}

  private static Measured measure(Brokers brokers, SpreadLoad load, boolean signed, Duration length) throws Exception {
    long[] before = cpu(brokers);
    SpreadLoad.Result result = await(load.closedLoop(signed, length));
    long[] after = cpu(brokers);
    return new Measured(result, after[0] - before[0], after[1] - before[1], after[2] - before[2],
        after[3] - before[3], Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
  }

  /** Broker JVMs, PostgreSQL, this JVM, the machine: CPU so far, in nanoseconds. */
  private static long[] cpu(Brokers brokers) throws Exception {
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
    for (Measured m : rounds) {
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
        cpu[2] / perCall, cpu[3] / perCall, load);
  }

  /** Each configuration's req/s over the one broker's of the same mix: standalone and a cluster of one. */
  private static List<String> ratios(List<Row> rows) {
    List<String> out = new ArrayList<>(List.of("mix,brokers,over_standalone_1,over_cluster_1"));
    for (String mix : List.of("plain", "signed")) {
      Row standalone = find(rows, "standalone-1", mix);
      Row one = find(rows, "cluster-1", mix);
      for (Row row : rows) {
        if (row.mix().equals(mix) && row.config().startsWith("cluster-")) {
          out.add(String.format(Locale.ROOT, "%s,%d,%.3f,%.3f", mix, row.brokers(),
              row.perSecond() / standalone.perSecond(), row.perSecond() / one.perSecond()));
        }
      }
    }
    return out;
  }

  private static Row find(List<Row> rows, String config, String mix) {
    return rows.stream().filter(r -> r.config().equals(config) && r.mix().equals(mix)).findFirst().orElseThrow();
  }

  private static List<String> markdown(List<Row> rows, List<String> ratios, int connections, int rounds,
      Duration measured) {
    List<String> md = new ArrayList<>();
    md.add(String.format(Locale.ROOT, "# Brokers on one machine, %s%n%n%d cores, %d connections round robin over the"
        + " brokers, %d rounds of %d s per mix and configuration (passes alternate: 1 2 3, 3 2 1, ...).%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
        connections, rounds, measured.toSeconds()));
    md.add("| config | mix | req/s | not 200 | p50 ms | p99 ms | CPU ms/req: brokers | PostgreSQL | client+twins"
        + " | machine | load avg |");
    md.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      md.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %d | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.1f |",
          r.config(), r.mix(), r.perSecond(), r.errors(), r.p50(), r.p99(), r.brokerCpuMs(), r.postgresCpuMs(),
          r.clientCpuMs(), r.machineCpuMs(), r.load()));
    }
    md.add("");
    md.add("| mix | brokers | req/s over standalone-1 | over cluster-1 |");
    md.add("|---|---:|---:|---:|");
    ratios.stream().skip(1).map(row -> row.split(",")).forEach(c -> md.add("| " + String.join(" | ", c) + " |"));
    return md;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
