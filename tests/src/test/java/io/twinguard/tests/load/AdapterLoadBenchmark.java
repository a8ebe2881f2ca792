package io.twinguard.tests.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.Adapters;
import io.twinguard.adapters.StandardAdapters;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.LegacyBusApi;
import io.twinguard.adapters.testing.Models;
import io.twinguard.broker.Broker;
import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.server.Routes;
import io.twinguard.common.settings.AdapterSettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an adapter costs behind the broker, in one run on one broker (audit in memory, so that the
 * figures compare the forward step and not the audit log):
 *
 * <ol>
 *   <li>{@code broker-native} and {@code broker-rest-mapping}, closed loop at {@code bench.connections}:
 *       the HVAC twin's {@code model/thermal/predict} forwarded over mutual TLS, against the bus
 *       company's arrivals served through the rest-mapping adapter (format v1: a GET, JSON mapped
 *       with unit conversions) from a legacy HTTP server in this JVM; interleaved rounds;
 *   <li>the same two at a fixed rate of half the lower peak: the latency the adapter adds;
 *   <li>{@code broker-native-1} and {@code broker-blackbox-1}, closed loop on one connection: the
 *       well-behaved thermal model as a sandboxed executable, one process per call, so the difference
 *       of the medians is the black box's start cost per call.
 * </ol>
 *
 * <p>Writes {@code tests/target/benchmarks/adapter-load.csv} (one row per phase) and
 * {@code adapter-load-ratios.csv}, and prints them. Fails only when a phase saw an error. Run by
 * {@code scripts/bench-adapters.sh}; settings {@code -Dbench.connections=16 -Dbench.warmup=3
 * -Dbench.seconds=5 -Dbench.rounds=3}.
 */
class AdapterLoadBenchmark {

  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path dir;

  @Test
  void adapterThroughputAndLatency_againstTheBrokerForwardingToANativeTwin() throws Exception {
    int connections = Integer.getInteger("bench.connections", 16);
    Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    Duration measured = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path out = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize()
        .resolve("tests/target/benchmarks");
    Files.createDirectories(out);

    Vertx servers = Vertx.vertx();
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Ecosystem ecosystem = Ecosystem.create(CLOCK);
      Ecosystem.Running twins = await(ecosystem.startTwins(servers));
      cleanup.add(() -> await(twins.stop()));
      LegacyBusApi legacy = new LegacyBusApi(servers);
      cleanup.add(legacy);
      AdapterSettings defaults = TwinguardSettings.defaults().adapters();
      Adapters adapters = StandardAdapters.create(new StandardAdapters.Options(
          new SandboxOptions(defaults.bwrap(), defaults.strace(), defaults.prlimit(), dir.resolve("store")),
          Path.of(System.getProperty("twinguard.python", "python3"))));
      Registry registry = twins.registry()
          .with(RegistryCodec.twinFromJson(bus(legacy.baseUrl()), "twins[0]", adapters))
          .with(RegistryCodec.twinFromJson(thermalBox(Models.write(dir, "well-behaved", Models.WELL_BEHAVED)),
              "twins[1]", adapters));
      Map<String, Adapter> running = await(new TwinAdapters(servers, adapters).start(registry));
      Catalog catalog = Catalog.of(registry, running);
      cleanup.add(() -> await(TwinAdapters.closeAll(catalog)));
      PolicyEngine engine = await(InProcessPolicyEngine.start(
          servers, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
      cleanup.add(engine::close);
      Broker broker = await(Broker.start(servers,
          new Broker.Parts(ecosystem.broker(), catalog, FixtureConsents.parseYaml(Ecosystem.consentFixtures()), engine,
              new MemoryAuditTrail(), Optional.empty(), List.of(), List.of(), Optional.empty(), adapters),
          Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0), CLOCK));
      cleanup.add(() -> await(broker.stop()));

      LoadClient many = new LoadClient(load, ecosystem.twin("room-12").keyCertOptions(), ecosystem.caTrustOptions(),
          connections, 2);
      cleanup.add(many);
      LoadClient one = new LoadClient(load, ecosystem.twin("room-12").keyCertOptions(), ecosystem.caTrustOptions(), 1, 1);
      cleanup.add(one);
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json")
          .add(Ingress.PURPOSE, "dpv:ServiceProvision");
      byte[] predict = new JsonObject().put("outdoor_c", 4).put("occupants", 3).toBuffer().getBytes();
      byte[] arrivals = new JsonObject().put("stop", "Central Station").put("limit", 2).toBuffer().getBytes();
      LoadClient.Target nativeTwin = new LoadClient.Target("broker-native", broker.port(),
          Routes.CALLS + "/hvac-room-12/model/thermal/predict", headers, predict);
      LoadClient.Target restMapping = new LoadClient.Target("broker-rest-mapping", broker.port(),
          Routes.CALLS + "/bus-open-data/data/arrivals/arrivals", headers, arrivals);
      LoadClient.Target nativeOne = new LoadClient.Target("broker-native-1", broker.port(),
          Routes.CALLS + "/hvac-room-12/model/thermal/predict", headers, predict);
      LoadClient.Target blackBoxOne = new LoadClient.Target("broker-blackbox-1", broker.port(),
          Routes.CALLS + "/thermal-box/model/thermal/predict", headers, predict);

      List<LoadClient.Target> peak = List.of(nativeTwin, restMapping);
      for (LoadClient.Target target : peak) {
        await(many.closedLoop(target, warmup));
      }
      List<LoadClient.Result> phases = new ArrayList<>(rounds(rounds, peak, target -> many.closedLoop(target, measured)));
      double halfPeak = Math.min(phases.get(0).perSecond(), phases.get(1).perSecond()) / 2;
      phases.addAll(rounds(rounds, peak, target -> many.fixedRate(target, measured, halfPeak)));
      List<LoadClient.Target> single = List.of(nativeOne, blackBoxOne);
      for (LoadClient.Target target : single) {
        await(one.closedLoop(target, warmup));
      }
      phases.addAll(rounds(rounds, single, target -> one.closedLoop(target, measured)));

      for (LoadClient.Result phase : phases) {
        assertEquals(0, phase.errors(), phase.target() + ": " + phase.firstError());
      }
      List<String> rows = new ArrayList<>(List.of("target,mode,offered_per_s,requests,errors,seconds,req_per_s,"
          + "p50_ms,p90_ms,p99_ms,max_ms"));
      phases.forEach(r -> rows.add(String.format(Locale.ROOT, "%s,%s,%.0f,%d,%d,%.1f,%.0f,%.3f,%.3f,%.3f,%.3f",
          r.target(), r.mode(), r.offeredPerSecond(), r.requests(), r.errors(), r.seconds(), r.perSecond(),
          r.millis(50), r.millis(90), r.millis(99), r.millis(100))));
      List<String> ratios = List.of("measure,value",
          row("rest_mapping_over_native_req_per_s", phases.get(1).perSecond() / phases.get(0).perSecond()),
          row("rest_mapping_added_p50_ms_at_half_peak", phases.get(3).millis(50) - phases.get(2).millis(50)),
          row("rest_mapping_added_p99_ms_at_half_peak", phases.get(3).millis(99) - phases.get(2).millis(99)),
          row("blackbox_start_cost_p50_ms_per_call", phases.get(5).millis(50) - phases.get(4).millis(50)),
          row("blackbox_over_native_req_per_s_one_connection", phases.get(5).perSecond() / phases.get(4).perSecond()));
      Files.write(out.resolve("adapter-load.csv"), rows, StandardCharsets.UTF_8);
      Files.write(out.resolve("adapter-load-ratios.csv"), ratios, StandardCharsets.UTF_8);
      System.out.printf(Locale.ROOT, "%nadapter load benchmark, %s, %d cores, %d connections, %d rounds of %d s%n",
          Instant.now(), Runtime.getRuntime().availableProcessors(), connections, rounds, measured.toSeconds());
      System.out.println(String.join(System.lineSeparator(), rows));
      System.out.println(String.join(System.lineSeparator(), ratios));
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

  private static JsonObject bus(String baseUrl) {
    return Declarations.twin("registry/city-arrivals.yaml", Map.of("BASE_URL", baseUrl, "VERSION", "v1"))
        .put("blocks", new JsonArray().add(new JsonObject().put("kind", "data").put("name", "arrivals")
            .put("operations", new JsonObject().put("arrivals", new JsonObject()))));
  }

  private static JsonObject thermalBox(Path executable) {
    return new JsonObject().put("id", "spiffe://city.example/twin/thermal-box").put("org", "hvac-co").put("class", "hvac")
        .put("adapter", new JsonObject().put("type", "blackbox")
            .put("settings", Models.settings(executable, 10_000, Models.prediction())))
        .put("blocks", new JsonArray().add(new JsonObject().put("kind", "model").put("name", "thermal")
            .put("ip_class", "proprietary").put("operations", new JsonObject().put("predict", new JsonObject()))));
  }

  private interface Run {
    Future<LoadClient.Result> start(LoadClient.Target target);
  }

  /** Measures every target {@code rounds} times, interleaved, and merges each target's rounds. */
  private static List<LoadClient.Result> rounds(int rounds, List<LoadClient.Target> targets, Run run) throws Exception {
    List<List<LoadClient.Result>> results = new ArrayList<>();
    targets.forEach(target -> results.add(new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      for (int i = 0; i < targets.size(); i++) {
        LoadClient.Result result = await(run.start(targets.get(i)));
        results.get(i).add(result);
        System.out.printf(Locale.ROOT, "round %d %-20s %-6s %6.0f req/s  p50 %7.3f ms  p99 %7.3f ms  errors %d%n",
            round, result.target(), result.mode(), result.perSecond(), result.millis(50), result.millis(99),
            result.errors());
      }
    }
    return results.stream().map(LoadClient.Result::merge).toList();
  }

  private static String row(String name, double value) {
    return String.format(Locale.ROOT, "%s,%.3f", name, value);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
