package io.twinguard.audit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link AppendBenchmark} (JMH options as arguments, such as {@code -p inFlight=1,2 -wi 20})
 * and prints, for each batch size and number of batches in flight, the log's appends per second
 * beside the baseline's rows per second and their ratio, with the CPU time per append of the JVM and
 * of PostgreSQL and the load average during the measurement. Writes the table to {@code
 * DIR/append.md}, JMH's results to {@code DIR/append.json} and the CPU readings to {@code
 * DIR/append-cpu.csv} ({@code DIR}: the system property {@code twinguard.bench.out}, default
 * {@code target/benchmarks}).
 */
public final class AppendReport {

  /** The durable appends per second ../shared/ARCHITECTURE.md asks for, by batch size. */
  private static final Map<Integer, Integer> TARGETS = Map.of(512, 20_000, 64, 5_000, 1, 500);

  private record Key(int batch, int inFlight) {}

  private record Cpu(long appends, double javaNanos, double postgresNanos, String loads, long compileMillis,
      long settledMillis) {}

  private AppendReport() {}

  public static void main(String[] args)
      throws CommandLineOptionException, RunnerException, IOException {
    Path out = Path.of(System.getProperty("twinguard.bench.out", "target/benchmarks"));
    Files.createDirectories(out);
    Path cpuFile = out.resolve("append-cpu.csv").toAbsolutePath();
    Files.deleteIfExists(cpuFile);
    CommandLineOptions cli = new CommandLineOptions(args);
    List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m", "-D" + CpuMeter.FILE_PROPERTY + "=" + cpuFile));
    cli.getJvmArgsAppend().orElse(List.of()).forEach(jvmArgs::add);
    Options options = new OptionsBuilder()
        .parent(cli)
        .include(AppendBenchmark.class.getName() + ".appends")
        .jvmArgsAppend(jvmArgs.toArray(String[]::new))
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve("append.json").toString())
        .build();
    String loadBefore = CpuMeter.loadAverage();
    Collection<RunResult> results = new Runner(options).run();
    String table = table(results, cpu(cpuFile), loadBefore, CpuMeter.loadAverage());
    System.out.print(table);
    Files.writeString(out.resolve("append.md"), table, StandardCharsets.UTF_8);
  }

  private static String table(Collection<RunResult> results, Map<String, Cpu> cpu, String loadBefore, String loadAfter) {
    Map<Key, Map<String, Result<?>>> byKey = new TreeMap<>(
        Comparator.comparingInt(Key::batch).reversed().thenComparingInt(Key::inFlight));
    for (RunResult run : results) {
      Key key = new Key(Integer.parseInt(run.getParams().getParam("batch")),
          Integer.parseInt(run.getParams().getParam("inFlight")));
      byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(run.getParams().getParam("target"), run.getPrimaryResult());
    }
    StringBuilder table = new StringBuilder()
        .append("load average (1 min) before ").append(loadBefore).append(", after ").append(loadAfter).append("\n\n")
        .append("| batch | in flight | log appends/s | plain rows/s | ratio | target | log CPU us/append (JVM + PG) "
            + "| plain CPU us/row (JVM + PG) | load during log / plain | JIT settled after s, then ms in measurement, "
            + "log / plain |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    byKey.forEach((key, byTarget) -> {
      Result<?> log = byTarget.get("log");
      Result<?> plain = byTarget.get("plain");
      String labels = key.batch() + "," + key.inFlight() + ",";
      table.append("| ").append(key.batch())
          .append(" | ").append(key.inFlight())
          .append(" | ").append(score(log))
          .append(" | ").append(score(plain))
          .append(" | ").append(log == null || plain == null ? "-" : String.format("%.2f", log.getScore() / plain.getScore()))
          .append(" | ").append(String.format("%,d", TARGETS.getOrDefault(key.batch(), 0)))
          .append(" | ").append(cpuPerAppend(cpu.get(labels + "log")))
          .append(" | ").append(cpuPerAppend(cpu.get(labels + "plain")))
          .append(" | ").append(loads(cpu.get(labels + "log"))).append(" / ").append(loads(cpu.get(labels + "plain")))
          .append(" | ").append(compile(cpu.get(labels + "log"))).append(" / ").append(compile(cpu.get(labels + "plain")))
          .append(" |\n");
    });
    return table.toString();
  }

  private static String score(Result<?> result) {
    return result == null ? "-" : String.format("%,.0f ± %,.0f", result.getScore(), result.getScoreError());
  }

  private static String cpuPerAppend(Cpu cpu) {
    if (cpu == null || cpu.appends() == 0) {
      return "-";
    }
    return String.format("%.1f + %.1f", cpu.javaNanos() / cpu.appends() / 1e3, cpu.postgresNanos() / cpu.appends() / 1e3);
  }

  private static String compile(Cpu cpu) {
    return cpu == null ? "-" : String.format("%.0f s, %d ms", cpu.settledMillis() / 1e3, cpu.compileMillis());
  }

  private static String loads(Cpu cpu) {
    return cpu == null ? "-" : cpu.loads();
  }

  /** The CPU lines of {@link CpuMeter}, summed per benchmark; the load averages as their range. */
  private static Map<String, Cpu> cpu(Path file) throws IOException {
    Map<String, Cpu> sums = new TreeMap<>();
    if (!Files.exists(file)) {
      return sums;
    }
    Map<String, List<Double>> loads = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(",");
      String labels = f[0] + "," + f[1] + "," + f[2];
      Cpu before = sums.getOrDefault(labels, new Cpu(0, 0, 0, "", 0, 0));
      sums.put(labels, new Cpu(before.appends() + Long.parseLong(f[3]), before.javaNanos() + Long.parseLong(f[5]),
          before.postgresNanos() + Long.parseLong(f[6]), "", before.compileMillis() + Long.parseLong(f[8]),
          Long.parseLong(f[9])));
      if (!f[7].equals("?")) {
        loads.computeIfAbsent(labels, k -> new ArrayList<>()).add(Double.parseDouble(f[7]));
      }
    }
    Map<String, Cpu> out = new TreeMap<>();
    sums.forEach((labels, sum) -> {
      List<Double> l = loads.getOrDefault(labels, List.of());
      String range = l.isEmpty() ? "?" : String.format("%.1f-%.1f",
          l.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          l.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
      out.put(labels, new Cpu(sum.appends(), sum.javaNanos(), sum.postgresNanos(), range, sum.compileMillis(),
          sum.settledMillis()));
    });
    return out;
  }
}
