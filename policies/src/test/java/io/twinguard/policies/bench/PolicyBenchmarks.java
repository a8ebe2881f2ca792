package io.twinguard.policies.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinguard.policies.TestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.CompilerProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecisionBenchmarks} with JMH and {@code opa bench} (the pinned opa, Go's topdown
 * evaluator) on the same input and policies, in one run, and reports p50, mean and one caller's
 * decisions per second with the ratios between them, printed and written to
 * {@code policies/target/benchmarks/policy-decisions.md}.
 *
 * <p>System properties: {@code bench.warmup.iterations} (default 30), {@code bench.warmup.seconds}
 * (2), {@code bench.iterations} (5), {@code bench.seconds} (2), {@code bench.include} (a regular
 * expression over the benchmark method names, default all), {@code bench.jfr} (true: a JDK Flight
 * Recorder recording of each benchmark's fork, warm-up included, in {@code target/benchmarks/jfr};
 * the benchmark's name is in its threads' names).
 * JMH's compiler profiler reports the JIT time spent during the measured iterations, which shows
 * whether the warm-up was long enough.
 */
public final class PolicyBenchmarks {

  private PolicyBenchmarks() {}

  /** One benchmark's figures, in microseconds. */
  record Figures(String name, double p50, double p99, double mean, double jitMillis) {
    double perSecond() {
      return 1e6 / mean;
    }
  }

  public static void main(String[] args) throws Exception {
    Path out = TestSupport.root().resolve("policies/target/benchmarks");
    Files.createDirectories(out);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(DecisionBenchmarks.class.getName() + "\\.(" + System.getProperty("bench.include", ".*") + ")$")
        .forks(1)
        .warmupIterations(Integer.getInteger("bench.warmup.iterations", 30))
        .warmupTime(TimeValue.seconds(Long.getLong("bench.warmup.seconds", 2)))
        .measurementIterations(Integer.getInteger("bench.iterations", 5))
        .measurementTime(TimeValue.seconds(Long.getLong("bench.seconds", 2)))
        .addProfiler(CompilerProfiler.class);
    List<String> jvmArgs = new ArrayList<>(List.of("-Dtwinguard.root=" + TestSupport.root()));
    if (Boolean.getBoolean("bench.jfr")) {
      // from the fork's start: a recording started after the warm-up re-instruments JDK classes and
      // throws away the compiled code the warm-up made
      Files.createDirectories(out.resolve("jfr"));
      // the Wasm module's calls nest deeply: JFR's default 64 frames would cut off the callers
      jvmArgs.add("-XX:FlightRecorderOptions=stackdepth=1024");
      jvmArgs.add("-XX:StartFlightRecording=settings=profile,filename=" + out.resolve("jfr"));
    }
    options.jvmArgsAppend(jvmArgs.toArray(String[]::new));
    Collection<RunResult> runs = new Runner(options.build()).run();
    Map<String, Figures> figures = new LinkedHashMap<>();
    for (RunResult run : runs) {
      String name = run.getParams().getBenchmark().replaceFirst(".*\\.", "");
      var statistics = run.getPrimaryResult().getStatistics();
      Result<?> jit = run.getSecondaryResults().get("compiler.time.profiled");
      figures.put(name, new Figures(name, statistics.getPercentile(50), statistics.getPercentile(99),
          statistics.getMean(), jit == null ? Double.NaN : jit.getScore()));
    }
    double[] opaBench = opaBench();
    String report = report(figures, opaBench);
    System.out.println();
    System.out.println(report);
    Files.writeString(out.resolve("policy-decisions.md"), report, StandardCharsets.UTF_8);
  }

  private static String report(Map<String, Figures> figures, double[] opaBench) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "input policies/benchmarks/input.json; %d cores; Java %s",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
    lines.add("");
    lines.add("| measure | p50 (us) | p99 (us) | mean (us) | decisions/s, 1 caller | JIT ms while measured |");
    lines.add("|---|---:|---:|---:|---:|---:|");
    for (Figures f : figures.values()) {
      lines.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f | %.0f |",
          f.name(), f.p50(), f.p99(), f.mean(), f.perSecond(), f.jitMillis()));
    }
    lines.add(String.format(Locale.ROOT, "| opa bench (query eval median; ns/op mean) | %.1f | %.1f | %.1f | %.0f | |",
        opaBench[1] / 1000, opaBench[2] / 1000, opaBench[0] / 1000, 1e9 / opaBench[0]));
    lines.add("");
    Figures direct = figures.get("wasmDirect");
    Figures loop = figures.get("engineOnEventLoop");
    Figures plain = figures.get("engineFromPlainThread");
    Figures handOver = figures.get("handOverOnly");
    if (handOver != null) {
      lines.add(String.format(Locale.ROOT,
          "- of which handing a batch to the event loop and back, per decision: %.1f us (p50)", handOver.p50()));
    }
    Figures remote = figures.get("opaServerOnEventLoop");
    if (loop != null) {
      lines.add(ratio("opa bench median / engine API p50 on an event loop (target >= 2)", opaBench[1] / 1000, loop.p50()));
      lines.add(String.format(Locale.ROOT, "- engine API p50 on an event loop: %.1f us (target <= 100 us)", loop.p50()));
      if (direct != null) {
        lines.add(ratio("engine API p50 on an event loop / Wasm called directly p50", loop.p50(), direct.p50()));
      }
      if (remote != null) {
        lines.add(ratio("OPA server engine p50 / engine API p50 on an event loop", remote.p50(), loop.p50()));
        lines.add(ratio("engine API decisions/s on an event loop / OPA server engine's", loop.perSecond(), remote.perSecond()));
      }
      if (plain != null) {
        lines.add(ratio("engine API p50 from a plain thread / on an event loop", plain.p50(), loop.p50()));
      }
    }
    if (direct != null) {
      lines.add(ratio("opa bench median / Wasm called directly p50", opaBench[1] / 1000, direct.p50()));
    }
    return String.join("\n", lines) + "\n";
  }

  private static String ratio(String what, double numerator, double denominator) {
    return String.format(Locale.ROOT, "- %s: %.2fx", what, numerator / denominator);
  }

  /**
   * {@code opa bench} on the same input and policies: its best run's mean nanoseconds per
   * operation (T / N), and the median and 99th percentile of its query evaluation timer.
   */
  private static double[] opaBench() throws IOException, InterruptedException {
    Path rego = TestSupport.root().resolve("policies/rego");
    Process process = new ProcessBuilder(TestSupport.opa().toString(), "bench", "--format", "json", "--count", "3",
        "-d", rego.resolve("policy").toString(), "-d", rego.resolve("data").toString(),
        "-i", TestSupport.root().resolve("policies/benchmarks/input.json").toString(), "data.twinguard.decision.result")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("opa bench failed: " + output);
    }
    double[] best = {Double.MAX_VALUE, 0, 0};
    // with --count > 1 opa prints one JSON document per run
    try (MappingIterator<JsonNode> results = new ObjectMapper().readerFor(JsonNode.class).readValues(output)) {
      while (results.hasNext()) {
        JsonNode result = results.next();
        double mean = result.get("T").asDouble() / result.get("N").asDouble();
        if (mean < best[0]) {
          JsonNode extra = result.get("Extra");
          best = new double[] {mean, extra.get("histogram_timer_rego_query_eval_ns_median").asDouble(),
              extra.get("histogram_timer_rego_query_eval_ns_99%").asDouble()};
        }
      }
    }
    return best;
  }
}
