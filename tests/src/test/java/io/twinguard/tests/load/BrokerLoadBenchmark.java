package io.twinguard.tests.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.broker.Broker;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.broker.server.Routes;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's load benchmark: one run, one load client, one concurrency, against
 *
 * <ol>
 *   <li>{@code direct}: the HVAC twin's {@code model/thermal/predict}, called directly;
 *   <li>{@code vertx-proxy}: a plain Vert.x HTTPS reverse proxy in front of it ({@link PlainProxy});
 *   <li>{@code nginx}: nginx as a TLS reverse proxy in front of it ({@link NginxProxy});
 *   <li>{@code broker}: the full broker, audit log on (embedded PostgreSQL, durable before the answer);
 *   <li>{@code broker-audit-off}: the same broker recording into {@link MemoryAuditTrail};
 *   <li>{@code broker-write-ahead}: the broker on the same log with {@code log.write_ahead: all}, so
 *       that these reads get the forwarding record commands get (one more durable record per call);
 * </ol>
 *
 * <p>each as a closed loop (peak throughput), then {@code direct}, {@code broker} and {@code
 * broker-write-ahead} again at a fixed rate of half the broker's peak, for the latency the broker
 * (and a write-ahead record) adds. Each target is warmed up until the JIT compilers settle (at
 * least {@code bench.warmup} seconds; the JIT time left in each measured phase is a column), then
 * measured in rounds that interleave the targets (the machine is shared: a neighbour's burst then
 * hits every target alike), and its rounds are merged. Everything (twins, policy engine,
 * audit log, brokers, Vert.x proxy and load client) runs in this JVM, whose heap the
 * {@code benchmarks} profile bounds with -Xmx512m; nginx and PostgreSQL are child processes. Writes
 * {@code tests/target/benchmarks/broker-load.csv} (one row per phase) and
 * {@code broker-load-ratios.csv} (each ratio against its target), {@code broker-load-steps.csv} (the
 * mean time of each pipeline step, from the brokers' metrics), {@code broker-load.md} (phases and
 * ratios as tables), and prints them. Fails only when a
 * phase saw an error (then the figures compare nothing), not when a target is missed. Run by
 * {@code scripts/bench-broker.sh}; settings: {@code -Dbench.connections=32 -Dbench.warmup=5
 * -Dbench.seconds=6 -Dbench.rounds=3 -Dbench.nginx=/usr/sbin/nginx}.
 */
class BrokerLoadBenchmark {

  private static final Clock CLOCK = Clock.systemUTC();
  private static final String HVAC = "hvac-room-12";
  private static final String OPERATION = "model/thermal/predict";
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final Duration WARMUP_WINDOW = Duration.ofSeconds(2);
  private static final Duration MAX_WARMUP = Duration.ofMinutes(2);
  private static final long SETTLED_JIT_MILLIS = 50;
  private static final Pattern STEP =
      Pattern.compile("(?m)^twinguard_step_seconds_(sum|count)\\{[^}]*step=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)$");

  @TempDir Path dir;

  @Test
  void brokerThroughputAndLatency_againstDirectProxiesAndAuditOff() throws Exception {
    int connections = Integer.getInteger("bench.connections", 32);
    Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
    Duration measured = Duration.ofSeconds(Long.getLong("bench.seconds", 6));
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path nginxBinary = Path.of(System.getProperty("bench.nginx", "/usr/sbin/nginx"));
    Path out = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize()
        .resolve("tests/target/benchmarks");
    Files.createDirectories(out);
    int cores = Runtime.getRuntime().availableProcessors();

    Vertx servers = Vertx.vertx();
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<AutoCloseable> cleanup = new ArrayList<>();
    List<Phase> phases = new ArrayList<>();
    try {
      Ecosystem ecosystem = Ecosystem.create(CLOCK);
      Ecosystem.Running twins = await(ecosystem.startTwins(servers));
      cleanup.add(() -> await(twins.stop()));
      int hvacPort = twins.registry().twin(HVAC).orElseThrow().endpoint().getPort();

      PolicyEngine engine = await(InProcessPolicyEngine.start(
          servers, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
      cleanup.add(engine::close);
      // the batching twinguard serve uses by default (log.max.batch 512, log.max.age.ms 1)
      AuditLog log = await(AuditLog.open(servers, LogConfig.embeddedIn(dir.resolve("audit")).withBatching(512, Duration.ofMillis(1))));
      cleanup.add(() -> await(log.close()));
      Catalog catalog = Catalog.of(twins.registry());
      MemoryAuditTrail memory = new MemoryAuditTrail();
      TwinguardSettings defaults = TwinguardSettings.defaults();
      Broker broker = startBroker(servers, ecosystem, catalog, engine, new LogAuditTrail(log), defaults);
      cleanup.add(() -> await(broker.stop()));
      Broker brokerWriteAhead = startBroker(servers, ecosystem, catalog, engine, new LogAuditTrail(log),
          SettingsLoader.defaults().environment(Map.of("TWINGUARD_LOG_WRITE_AHEAD", "all")).load().settings());
      cleanup.add(() -> await(brokerWriteAhead.stop()));
      Broker brokerAuditOff = startBroker(servers, ecosystem, catalog, engine, memory, defaults);
      cleanup.add(() -> await(brokerAuditOff.stop()));
      PlainProxy proxy = await(PlainProxy.start(servers, freePort(), hvacPort, ecosystem.broker().keyCertOptions(),
          ecosystem.caTrustOptions(), 2 * cores));
      int proxyPort = proxy.port();
      cleanup.add(() -> await(proxy.stop()));
      int nginxPort = freePort();
      NginxProxy nginx = NginxProxy.start(nginxBinary, out.resolve("nginx"), nginxPort, hvacPort, cores,
          TrustMaterial.certificatePem(ecosystem.broker().certificate()), Keys.privateKeyToPem(ecosystem.twin(Ecosystem.BROKER).keyPair().getPrivate()),
          ecosystem.trust().caCertificatePem());
      cleanup.add(nginx);

      LoadClient client = new LoadClient(load, ecosystem.twin("room-12").keyCertOptions(), ecosystem.caTrustOptions(),
          connections, 2);
      cleanup.add(client);

      byte[] payload = new JsonObject().put("outdoor_c", 4).put("occupants", 3).toBuffer().getBytes();
      MultiMap json = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
      MultiMap call = MultiMap.caseInsensitiveMultiMap().addAll(json).add(Ingress.PURPOSE, "dpv:ServiceProvision");
      String brokerPath = Routes.CALLS + "/" + HVAC + "/" + OPERATION;
      LoadClient.Target direct = new LoadClient.Target("direct", hvacPort, "/" + OPERATION, json, payload);
      LoadClient.Target viaProxy = new LoadClient.Target("vertx-proxy", proxyPort, "/" + OPERATION, json, payload);
      LoadClient.Target viaNginx = new LoadClient.Target("nginx", nginxPort, "/" + OPERATION, json, payload);
      LoadClient.Target viaBroker = new LoadClient.Target("broker", broker.port(), brokerPath, call, payload);
      LoadClient.Target viaBrokerAuditOff =
          new LoadClient.Target("broker-audit-off", brokerAuditOff.port(), brokerPath, call, payload);
      LoadClient.Target viaBrokerWriteAhead =
          new LoadClient.Target("broker-write-ahead", brokerWriteAhead.port(), brokerPath, call, payload);

      long logBefore = logSize(log);
      List<LoadClient.Target> peakTargets =
          List.of(direct, viaProxy, viaNginx, viaBroker, viaBrokerAuditOff, viaBrokerWriteAhead);
      for (LoadClient.Target target : peakTargets) {
        warmUntilJitSettles(client, target, warmup);
      }
      // rounds interleave the targets, so that a neighbour's burst on this shared machine spreads over all
      phases.addAll(rounds(rounds, peakTargets, target -> client.closedLoop(target, measured)));
      List<String> steps = new ArrayList<>(List.of("broker,step,calls,mean_ms"));
      steps.addAll(steps("broker", await(client.get(broker.port(), "/metrics"))));
      steps.addAll(steps("broker-audit-off", await(client.get(brokerAuditOff.port(), "/metrics"))));
      double halfPeak = phases.get(3).result().perSecond() / 2;
      List<LoadClient.Target> rateTargets = List.of(direct, viaBroker, viaBrokerWriteAhead);
      for (LoadClient.Target target : rateTargets) {
        await(client.fixedRate(target, SETTLE, halfPeak));
      }
      phases.addAll(rounds(rounds, rateTargets, target -> client.fixedRate(target, measured, halfPeak)));

      for (Phase phase : phases) {
        assertEquals(0, phase.result().errors(), phase.result().target() + ": " + phase.result().firstError());
      }
      assertTrue(logSize(log) > logBefore, "the broker's calls reached the audit log");
      assertTrue(steps.stream().anyMatch(row -> row.startsWith("broker,decide,")), "the broker's metrics time its steps");
      assertTrue(memory.appended() >= phases.get(4).result().requests(), "audit off recorded in memory");

      List<String> ratios = ratios(phases);
      Files.write(out.resolve("broker-load.csv"), lines(Phase.HEADER, phases.stream().map(Phase::csv).toList()),
          StandardCharsets.UTF_8);
      Files.write(out.resolve("broker-load-ratios.csv"), ratios, StandardCharsets.UTF_8);
      Files.write(out.resolve("broker-load-steps.csv"), steps, StandardCharsets.UTF_8);
      Files.write(out.resolve("broker-load.md"), markdown(phases, ratios, cores, connections), StandardCharsets.UTF_8);
      System.out.printf(Locale.ROOT, "%nbroker load benchmark, %s, %s %s, %d cores, %d connections, %d rounds of %d s, "
              + "max heap %d MiB, peak heap used %d MiB%n", Instant.now(), System.getProperty("java.vm.name"),
          System.getProperty("java.version"), cores, connections, rounds, measured.toSeconds(),
          Runtime.getRuntime().maxMemory() >> 20, peakHeapUsed() >> 20);
      System.out.println(String.join(System.lineSeparator(), lines(Phase.HEADER, phases.stream().map(Phase::csv).toList())));
      System.out.println(String.join(System.lineSeparator(), ratios));
      System.out.println(String.join(System.lineSeparator(), steps));
    } finally {
      for (int i = cleanup.size() - 1; i >= 0; i--) {
        try {
          cleanup.get(i).close();
        } catch (Exception e) {
          System.err.println("benchmark: could not stop a part: " + e);
        }
      }
      await(load.close());
      await(servers.close());
    }
  }

  /**
   * One target's rounds, merged, with the 1-minute load average read before and after each round.
   *
   * @param result what the client measured, all rounds merged
   * @param perRound each round's requests per second
   * @param loadMin the lowest load average read
   * @param loadMax the highest load average read
   * @param cpuNanos CPU time this JVM used during the rounds (not nginx's, not PostgreSQL's)
   * @param jitMillis the JIT compilers' time during the rounds: near 0 when the warm-up sufficed
   */
  record Phase(LoadClient.Result result, List<Double> perRound, double loadMin, double loadMax, long cpuNanos,
      long jitMillis) {
    static final String HEADER = "target,mode,offered_per_s,requests,errors,seconds,req_per_s,p50_ms,p90_ms,p99_ms,"
        + "max_ms,service_p50_ms,service_p99_ms,req_per_s_by_round,loadavg_min,loadavg_max,jvm_cpu_ms_per_req,jit_ms";

    Phase {
      perRound = List.copyOf(perRound);
    }

    String csv() {
      LoadClient.Result r = result;
      String rounds = String.join(" ", perRound.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
      return String.format(Locale.ROOT, "%s,%s,%.0f,%d,%d,%.1f,%.0f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%.2f,%.2f,%.3f,%d",
          r.target(), r.mode(), r.offeredPerSecond(), r.requests(), r.errors(), r.seconds(), r.perSecond(),
          r.millis(50), r.millis(90), r.millis(99), r.millis(100), r.serviceMillis(50), r.serviceMillis(99), rounds,
          loadMin, loadMax, cpuMillisPerRequest(), jitMillis);
    }

    double cpuMillisPerRequest() {
      return result.requests() == 0 ? 0 : cpuNanos / 1e6 / result.requests();
    }
  }

  private interface Run {
    Future<LoadClient.Result> start(LoadClient.Target target);
  }

  /** Measures every target {@code rounds} times, one target after the other in each round. */
  private static List<Phase> rounds(int rounds, List<LoadClient.Target> targets, Run run) throws Exception {
    List<List<LoadClient.Result>> results = new ArrayList<>();
    List<List<Double>> loads = new ArrayList<>();
    long[] cpu = new long[targets.size()];
    long[] jit = new long[targets.size()];
    for (int i = 0; i < targets.size(); i++) {
      results.add(new ArrayList<>());
      loads.add(new ArrayList<>());
    }
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < targets.size(); i++) {
        loads.get(i).add(loadAverage());
        long cpuBefore = processCpuNanos();
        long jitBefore = compileMillis();
        MeasuredRound measured = new MeasuredRound();
        measured.target = targets.get(i).name();
        measured.begin();
        LoadClient.Result result = await(run.start(targets.get(i)));
        measured.mode = result.mode();
        measured.requests = result.requests();
        measured.commit();
        cpu[i] += processCpuNanos() - cpuBefore;
        jit[i] += compileMillis() - jitBefore;
        loads.get(i).add(loadAverage());
        results.get(i).add(result);
        System.out.printf(Locale.ROOT, "round %d %-16s %-6s %6.0f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %d%n",
            round, result.target(), result.mode(), result.perSecond(), result.millis(50), result.millis(99),
            result.errors());
      }
    }
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      List<Double> load = loads.get(i);
      phases.add(new Phase(LoadClient.Result.merge(results.get(i)),
          results.get(i).stream().map(LoadClient.Result::perSecond).toList(),
          load.stream().mapToDouble(Double::doubleValue).min().orElse(0),
          load.stream().mapToDouble(Double::doubleValue).max().orElse(0), cpu[i], jit[i]));
    }
    return phases;
  }

  /**
   * Runs {@code target} in closed loop, in windows of {@link #WARMUP_WINDOW}, until two windows in a
   * row compile for less than {@link #SETTLED_JIT_MILLIS} and at least {@code minimum} has passed
   * (at most {@link #MAX_WARMUP}): a broker measured while C2 still compiles is measured with a core
   * fewer. Prints how long that took and what was compiled.
   */
  private static void warmUntilJitSettles(LoadClient client, LoadClient.Target target, Duration minimum)
      throws Exception {
    long started = System.nanoTime();
    long compiledAtStart = compileMillis();
    int quietWindows = 0;
    long elapsed;
    do {
      long before = compileMillis();
      await(client.closedLoop(target, WARMUP_WINDOW));
      quietWindows = compileMillis() - before < SETTLED_JIT_MILLIS ? quietWindows + 1 : 0;
      elapsed = System.nanoTime() - started;
    } while ((quietWindows < 2 || elapsed < minimum.toNanos()) && elapsed < MAX_WARMUP.toNanos());
    System.out.printf(Locale.ROOT, "warm-up %-18s %5.1f s, JIT %6d ms%s%n", target.name(), elapsed / 1e9,
        compileMillis() - compiledAtStart, quietWindows >= 2 ? "" : " (not settled: the cap was reached)");
  }

  /** The JIT compilers' total time so far, in milliseconds. */
  private static long compileMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  /** The run as Markdown: the phases and the ratios against the targets of ARCHITECTURE.md. */
  private static List<String> markdown(List<Phase> phases, List<String> ratios, int cores, int connections) {
    List<String> md = new ArrayList<>();
    md.add(String.format(Locale.ROOT, "# Broker load benchmark, %s%n%n%d cores, %d connections, JVM heap %d MiB, %s %s.%n",
        Instant.now(), cores, connections, Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"), System.getProperty("java.version")));
    md.add("| target | mode | req/s | p50 ms | p99 ms | JVM CPU ms/req | JIT ms | load avg |");
    md.add("|---|---|---:|---:|---:|---:|---:|---|");
    for (Phase phase : phases) {
      LoadClient.Result r = phase.result();
      md.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %.3f | %.3f | %.3f | %d | %.1f-%.1f |", r.target(),
          r.mode().equals("rate") ? String.format(Locale.ROOT, "%.0f/s", r.offeredPerSecond()) : "peak",
          r.perSecond(), r.millis(50), r.millis(99), phase.cpuMillisPerRequest(), phase.jitMillis(), phase.loadMin(),
          phase.loadMax()));
    }
    md.add("");
    md.add("| measure | value | target | met |");
    md.add("|---|---:|---|---|");
    ratios.stream().skip(1).map(row -> row.split(",", -1))
        .forEach(cell -> md.add("| " + String.join(" | ", cell) + " |"));
    return md;
  }

  /** The ratios of ARCHITECTURE.md's targets, each with its target and whether it is met. */
  private static List<String> ratios(List<Phase> phases) {
    LoadClient.Result direct = phases.get(0).result();
    LoadClient.Result proxy = phases.get(1).result();
    LoadClient.Result nginx = phases.get(2).result();
    LoadClient.Result broker = phases.get(3).result();
    LoadClient.Result auditOff = phases.get(4).result();
    LoadClient.Result writeAhead = phases.get(5).result();
    LoadClient.Result directHalf = phases.get(6).result();
    LoadClient.Result brokerHalf = phases.get(7).result();
    LoadClient.Result writeAheadHalf = phases.get(8).result();
    List<String> rows = new ArrayList<>();
    rows.add("measure,value,target,met");
    rows.add(row("broker_over_vertx_proxy_req_per_s", broker.perSecond() / proxy.perSecond(), ">= 0.5",
        broker.perSecond() / proxy.perSecond() >= 0.5));
    double addedP50 = brokerHalf.millis(50) - directHalf.millis(50);
    double addedP99 = brokerHalf.millis(99) - directHalf.millis(99);
    rows.add(row("broker_added_p50_ms_at_half_peak", addedP50, "<= 1", addedP50 <= 1));
    rows.add(row("broker_added_p99_ms_at_half_peak", addedP99, "<= 3", addedP99 <= 3));
    double serviceP50 = brokerHalf.serviceMillis(50) - directHalf.serviceMillis(50);
    double serviceP99 = brokerHalf.serviceMillis(99) - directHalf.serviceMillis(99);
    rows.add(row("broker_added_service_p50_ms_at_half_peak", serviceP50, "<= 1", serviceP50 <= 1));
    rows.add(row("broker_added_service_p99_ms_at_half_peak", serviceP99, "<= 3", serviceP99 <= 3));
    rows.add(row("broker_audit_on_over_off_req_per_s", broker.perSecond() / auditOff.perSecond(), ">= 0.9",
        broker.perSecond() / auditOff.perSecond() >= 0.9));
    long heapMib = Runtime.getRuntime().maxMemory() >> 20;
    rows.add(row("max_heap_mib_whole_benchmark_jvm", heapMib, "<= 512", heapMib <= 512));
    rows.add(row("broker_over_nginx_req_per_s", broker.perSecond() / nginx.perSecond(), "", true));
    double proxyCpu = phases.get(1).cpuNanos() / (double) proxy.requests();
    double auditOffCpu = phases.get(4).cpuNanos() / (double) auditOff.requests();
    rows.add(row("broker_audit_off_over_vertx_proxy_jvm_cpu_per_req", auditOffCpu / proxyCpu, "", true));
    rows.add(row("broker_over_direct_req_per_s", broker.perSecond() / direct.perSecond(), "", true));
    rows.add(row("write_ahead_over_broker_req_per_s", writeAhead.perSecond() / broker.perSecond(), "", true));
    rows.add(row("write_ahead_added_p50_ms_at_half_peak", writeAheadHalf.millis(50) - brokerHalf.millis(50), "", true));
    rows.add(row("write_ahead_added_p99_ms_at_half_peak", writeAheadHalf.millis(99) - brokerHalf.millis(99), "", true));
    rows.add(row("write_ahead_over_broker_p50_at_half_peak", writeAheadHalf.millis(50) / brokerHalf.millis(50), "",
        true));
    rows.add(row("vertx_proxy_over_direct_req_per_s", proxy.perSecond() / direct.perSecond(), "", true));
    rows.add(row("nginx_over_direct_req_per_s", nginx.perSecond() / direct.perSecond(), "", true));
    return rows;
  }

  /**
   * The mean time of each pipeline step, from the broker's Prometheus text: warm-up and peak rounds,
   * so where a call's time goes at peak load.
   */
  private static List<String> steps(String broker, String prometheus) {
    Map<String, double[]> byStep = new TreeMap<>();
    Matcher m = STEP.matcher(prometheus);
    while (m.find()) {
      double[] sumAndCount = byStep.computeIfAbsent(m.group(2), step -> new double[2]);
      sumAndCount[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(3));
    }
    List<String> rows = new ArrayList<>();
    byStep.forEach((step, v) -> rows.add(String.format(Locale.ROOT, "%s,%s,%.0f,%.3f", broker, step, v[1],
        v[1] == 0 ? 0 : v[0] / v[1] * 1000)));
    return rows;
  }

  private static String row(String name, double value, String target, boolean met) {
    return String.format(Locale.ROOT, "%s,%.3f,%s,%s", name, value, target, target.isEmpty() ? "" : met ? "yes" : "NO");
  }

  private static List<String> lines(String header, List<String> rows) {
    List<String> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  private static Broker startBroker(Vertx vertx, Ecosystem ecosystem, Catalog catalog, PolicyEngine engine,
      AuditTrail audit, TwinguardSettings settings) throws Exception {
    // a fixed port, as `twinguard serve` runs: one server per event loop (port 0 would give one in all)
    return await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), catalog, FixtureConsents.parseYaml(Ecosystem.consentFixtures()), engine, audit),
        Broker.Tuning.of(settings, Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", freePort()),
        CLOCK));
  }

  private static long logSize(AuditLog log) throws Exception {
    return await(log.latestCheckpoint()).map(SignedCheckpoint::size).orElse(0L);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** This JVM's CPU time, all threads: on a shared machine, less at the neighbours' mercy than req/s. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long peakHeapUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getPeakUsage)
        .mapToLong(usage -> usage.getUsed())
        .sum();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
