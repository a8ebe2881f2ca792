package io.twinguard.tests.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ratios and the Markdown report of {@link ClusterLoadBenchmark}. */
final class ClusterLoadReport {

  /** The thread groups ({@link ThreadCpu}) the report shows in columns of their own. */
  private static final List<String> GROUPS = List.of("Vert.x event loops", "JIT compilers", "Hazelcast", "GC",
      "Vert.x workers");

  private ClusterLoadReport() {}

  /** Each configuration's req/s over the one broker's of the same mix: standalone and a cluster of one. */
  static List<String> ratios(List<ClusterLoadBenchmark.Row> rows) {
    List<String> out = new ArrayList<>(List.of("mix,brokers,over_standalone_1,over_cluster_1"));
    for (String mix : List.of("plain", "signed")) {
      double standalone = find(rows, "standalone-1", mix);
      double one = find(rows, "cluster-1", mix);
      for (ClusterLoadBenchmark.Row row : rows) {
        if (row.mix().equals(mix) && row.config().startsWith("cluster-")) {
          out.add(String.format(Locale.ROOT, "%s,%d,%.3f,%.3f", mix, row.brokers(),
              row.perSecond() / standalone, row.perSecond() / one));
        }
      }
    }
    return out;
  }

  /** The req/s of {@code config} and {@code mix}; NaN when {@code -Dbench.configs} left it out. */
  static double find(List<ClusterLoadBenchmark.Row> rows, String config, String mix) {
    return rows.stream().filter(r -> r.config().equals(config) && r.mix().equals(mix)).mapToDouble(ClusterLoadBenchmark.Row::perSecond)
        .findFirst().orElse(Double.NaN);
  }

  static List<String> markdown(List<ClusterLoadBenchmark.Row> rows, List<String> ratios, List<String> warmups,
      int connections, int rounds, Duration measured) {
    List<String> md = new ArrayList<>();
    md.add(String.format(Locale.ROOT, "# Brokers on one machine, %s%n%n%d cores, %d connections round robin over the"
        + " brokers, %d rounds of %d s per mix and configuration (passes alternate: 1 2 3, 3 2 1, ...).%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
        connections, rounds, measured.toSeconds()));
    warmups.forEach(line -> md.add("- " + line));
    md.add("");
    md.add("| config | mix | req/s | not 200 | p50 ms | p99 ms | CPU ms/req: brokers | PostgreSQL | client+twins"
        + " | machine | load avg |");
    md.add("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (ClusterLoadBenchmark.Row r : rows) {
      md.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %d | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.1f |",
          r.config(), r.mix(), r.perSecond(), r.errors(), r.p50(), r.p99(), r.brokerCpuMs(), r.postgresCpuMs(),
          r.clientCpuMs(), r.machineCpuMs(), r.load()));
    }
    md.add("");
    md.add("| mix | brokers | req/s over standalone-1 | over cluster-1 |");
    md.add("|---|---:|---:|---:|");
    ratios.stream().skip(1).map(row -> row.split(",")).forEach(c -> md.add("| " + String.join(" | ", c) + " |"));
    md.add("");
    md.add("The brokers' CPU ms per call by thread group (`/proc/<pid>/task`; all groups in cluster-load-threads.csv):");
    md.add("");
    md.add("| config | mix | " + String.join(" | ", GROUPS) + " | other |");
    md.add("|---|---|" + "---:|".repeat(GROUPS.size() + 1));
    for (ClusterLoadBenchmark.Row r : rows) {
      double perCall = 1e6 * Math.max(1, r.requests());
      long known = GROUPS.stream().mapToLong(g -> r.threads().getOrDefault(g, 0L)).sum();
      long all = r.threads().values().stream().mapToLong(Long::longValue).sum();
      md.add(String.format(Locale.ROOT, "| %s | %s | %s | %.3f |", r.config(), r.mix(), String.join(" | ",
          GROUPS.stream().map(g -> String.format(Locale.ROOT, "%.3f", r.threads().getOrDefault(g, 0L) / perCall))
              .toList()), (all - known) / perCall));
    }
    return md;
  }

}
