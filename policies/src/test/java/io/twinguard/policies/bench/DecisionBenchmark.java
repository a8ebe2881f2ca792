package io.twinguard.policies.bench;

import com.styra.opa.wasm.OpaPolicy;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.OpaServer;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.RemotePolicyEngines;
import io.twinguard.policies.TestSupport;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.internal.HostBuiltins;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decisions per second and latency percentiles for one realistic input (policies/benchmarks/
 * input.json: 1 subject, 3 consents, about 1.3 KB), in the same run for: the Wasm module called
 * directly on one thread, the in-process engine (worker hop included), a real OPA server on
 * loopback through the remote engine, and {@code opa bench} on the same input. Run with
 * {@code mvn -pl policies -am -Pbenchmarks verify -DskipTests}; not part of the normal build.
 */
public final class DecisionBenchmark {

  private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);

  private DecisionBenchmark() {}

  /** One measured configuration. */
  record Result(String name, double perSecond, long p50Nanos, long p99Nanos) {
    String row() {
      return String.format(Locale.ROOT, "| %-44s | %10.0f | %9.1f | %9.1f |", name, perSecond,
          p50Nanos / 1000.0, p99Nanos / 1000.0);
    }
  }

  public static void main(String[] args) throws Exception {
    Path inputFile = TestSupport.root().resolve("policies/benchmarks/input.json");
    String inputText = Files.readString(inputFile, StandardCharsets.UTF_8);
    JsonObject input = new JsonObject(inputText);
    Bundle bundle = Bundle.fromFiles(BundleFiles.bundled());
    System.out.printf(Locale.ROOT, "input: %s (%d bytes compact), bundle %s, %d cores, Java %s%n",
        inputFile, input.encode().length(), bundle.revision(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));

    Result direct = direct(bundle, input.encode());
    Vertx vertx = Vertx.vertx();
    Path log = Files.createTempFile("opa-bench-server", ".log");
    Result inProcessSequential;
    Result inProcessLoaded;
    Result remoteSequential;
    Result remoteLoaded;
    try (OpaServer opa = OpaServer.start(log, "--bundle", OpaServer.buildBundle().toString())) {
      InProcessPolicyEngine wasm = await(InProcessPolicyEngine.start(vertx, bundle,
          InProcessPolicyEngine.DEFAULT_INSTANCES, Duration.ofSeconds(5)));
      PolicyEngine remote = RemotePolicyEngines.opaServer(vertx, opa.uri(), Duration.ofSeconds(5));
      inProcessSequential = sequential("in-process engine, 1 caller", wasm, input);
      remoteSequential = sequential("OPA server (REST, loopback), 1 caller", remote, input);
      inProcessLoaded = loaded("in-process engine, " + CONCURRENCY + " in flight", wasm, input);
      remoteLoaded = loaded("OPA server (REST, loopback), " + CONCURRENCY + " in flight", remote, input);
      wasm.close();
      remote.close();
    } finally {
      await(vertx.close());
      Files.deleteIfExists(log);
    }
    double[] opaBench = opaBench(inputFile);
    double opaBenchNanos = opaBench[0];

    System.out.println();
    System.out.println("| configuration                                | decisions/s |  p50 (us) |  p99 (us) |");
    System.out.println("|----------------------------------------------|------------|-----------|-----------|");
    for (Result result : new Result[] {direct, inProcessSequential, remoteSequential, inProcessLoaded, remoteLoaded}) {
      System.out.println(result.row());
    }
    System.out.printf(Locale.ROOT, "| %-44s | %10.0f | %9.1f | %9.1f |%n", "opa bench (Go topdown; 1/mean, median)",
        1e9 / opaBenchNanos, opaBench[1] / 1000.0, opaBench[2] / 1000.0);
    System.out.println();
    System.out.printf(Locale.ROOT, "in-process engine over OPA server, decisions/s at %d in flight: %.2fx%n",
        CONCURRENCY, inProcessLoaded.perSecond() / remoteLoaded.perSecond());
    System.out.printf(Locale.ROOT, "OPA server p50 over in-process engine p50 (1 caller): %.2fx%n",
        (double) remoteSequential.p50Nanos() / inProcessSequential.p50Nanos());
    System.out.printf(Locale.ROOT, "opa bench median over direct Wasm p50: %.2fx%n", opaBench[1] / direct.p50Nanos());
    System.out.printf(Locale.ROOT, "opa bench median over in-process engine p50 (1 caller): %.2fx%n",
        opaBench[1] / inProcessSequential.p50Nanos());
  }

  /** The compiled Wasm module evaluated in a loop on this thread: the evaluation alone. */
  private static Result direct(Bundle bundle, String input) {
    OpaPolicy policy = OpaPolicy.builder().withPolicy(bundle.wasm().orElseThrow())
        .addBuiltins(HostBuiltins.all()).build();
    policy.entrypoint(PolicyEngine.ENTRYPOINT);
    policy.data(bundle.data());
    long end = System.nanoTime() + WARM_UP.toNanos();
    while (System.nanoTime() < end) {
      policy.evaluate(input);
    }
    long[] samples = new long[5_000_000];
    int count = 0;
    long start = System.nanoTime();
    end = start + MEASURE.toNanos();
    long now = start;
    while (now < end && count < samples.length) {
      policy.evaluate(input);
      long after = System.nanoTime();
      samples[count++] = after - now;
      now = after;
    }
    return result("Wasm module called directly, 1 thread", samples, count, now - start);
  }

  private static Result sequential(String name, PolicyEngine engine, JsonObject input) throws Exception {
    long end = System.nanoTime() + WARM_UP.toNanos();
    while (System.nanoTime() < end) {
      check(await(engine.decide(input)));
    }
    long[] samples = new long[5_000_000];
    int count = 0;
    long start = System.nanoTime();
    end = start + MEASURE.toNanos();
    long now = start;
    while (now < end && count < samples.length) {
      check(await(engine.decide(input)));
      long after = System.nanoTime();
      samples[count++] = after - now;
      now = after;
    }
    return result(name, samples, count, now - start);
  }

  /** Keeps CONCURRENCY decisions in flight; latency is per decision, from asking to the answer. */
  private static Result loaded(String name, PolicyEngine engine, JsonObject input) throws Exception {
    run(engine, input, WARM_UP, null);
    long[] samples = new long[10_000_000];
    AtomicLong count = new AtomicLong();
    long elapsed = run(engine, input, MEASURE, (latency) -> {
      long index = count.getAndIncrement();
      if (index < samples.length) {
        samples[(int) index] = latency;
      }
    });
    return result(name, samples, (int) Math.min(count.get(), samples.length), elapsed);
  }

  private static long run(PolicyEngine engine, JsonObject input, Duration duration,
      java.util.function.LongConsumer latencies) throws Exception {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicLong running = new AtomicLong(CONCURRENCY);
    for (int i = 0; i < CONCURRENCY; i++) {
      loop(engine, input, end, latencies, running, done);
    }
    done.get(duration.toSeconds() + 30, TimeUnit.SECONDS);
    return System.nanoTime() - start;
  }

  private static void loop(PolicyEngine engine, JsonObject input, long end, java.util.function.LongConsumer latencies,
      AtomicLong running, CompletableFuture<Void> done) {
    long asked = System.nanoTime();
    if (asked >= end) {
      if (running.decrementAndGet() == 0) {
        done.complete(null);
      }
      return;
    }
    engine.decide(input).onComplete(decided -> {
      if (!decided.succeeded() || !decided.result().allowed()) {
        done.completeExceptionally(new IllegalStateException("unexpected decision " + decided.result()));
        return;
      }
      if (latencies != null) {
        latencies.accept(System.nanoTime() - asked);
      }
      loop(engine, input, end, latencies, running, done);
    });
  }

  private static Result result(String name, long[] samples, int count, long elapsedNanos) {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return new Result(name, count / (elapsedNanos / 1e9), sorted[count / 2], sorted[(int) (count * 0.99)]);
  }

  /**
   * {@code opa bench} on the same input and policies: mean nanoseconds per operation (T / N), and
   * the median and 99th percentile of its query evaluation timer, of its best run.
   */
  private static double[] opaBench(Path inputFile) throws Exception {
    Path rego = TestSupport.root().resolve("policies/rego");
    Process process = new ProcessBuilder(TestSupport.opa().toString(), "bench", "--format", "json",
        "--count", "3", "-d", rego.resolve("policy").toString(), "-d", rego.resolve("data").toString(),
        "-i", inputFile.toString(), "data.twinguard.decision.result")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("opa bench failed: " + output);
    }
    // with --count > 1 opa prints one JSON document per run; take the best run's mean (T / N)
    double[] best = {Double.MAX_VALUE, 0, 0};
    try (var runs = new com.fasterxml.jackson.databind.ObjectMapper()
        .readerFor(com.fasterxml.jackson.databind.JsonNode.class).<com.fasterxml.jackson.databind.JsonNode>readValues(output)) {
      while (runs.hasNext()) {
        var run = runs.next();
        double mean = run.get("T").asDouble() / run.get("N").asDouble();
        if (mean < best[0]) {
          var extra = run.get("Extra");
          best = new double[] {mean, extra.get("histogram_timer_rego_query_eval_ns_median").asDouble(),
              extra.get("histogram_timer_rego_query_eval_ns_99%").asDouble()};
        }
      }
    }
    return best;
  }

  private static void check(Decision decision) {
    if (!decision.allowed()) {
      throw new IllegalStateException("the benchmark input must be allowed: " + decision.toJson().encode());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
