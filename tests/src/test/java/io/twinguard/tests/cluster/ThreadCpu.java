package io.twinguard.tests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's threads on Linux, from {@code /proc/<pid>/task/<tid>/stat}, grouped by what
 * they do: Hazelcast, Vert.x event loops, Vert.x workers, JIT compilers, GC, the VM thread, other.
 * The group comes from the thread's OS name, which the JVM sets to the first 15 characters of its
 * Java name, so Hazelcast's threads (named {@code hz.<instance>.<role>}, the instance name random)
 * are one group; a Flight Recorder profile splits them. A thread that ended between two readings
 * takes its CPU time with it: the groups are a lower bound of the process's CPU.
 */
final class ThreadCpu {

  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final List<Map.Entry<String, String>> GROUPS = List.of(
      Map.entry("hz.", "Hazelcast"),
      Map.entry("vert.x-eventloo", "Vert.x event loops"),
      Map.entry("vert.x-", "Vert.x workers"),
      Map.entry("C1 CompilerThre", "JIT compilers"),
      Map.entry("C2 CompilerThre", "JIT compilers"),
      Map.entry("GC Thread#", "GC"),
      Map.entry("G1 ", "GC"),
      Map.entry("VM Thread", "VM thread (safepoints)"));

  private ThreadCpu() {}

  /** The CPU time so far of each group of {@code pid}'s live threads, in nanoseconds (empty when it is gone). */
  static Map<String, Long> of(long pid) {
    Map<String, Long> groups = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        read(task.resolve("stat"), groups);
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return groups;
  }

  /** {@code after - before}, group by group, added into {@code sum}. */
  static void addDifference(Map<String, Long> sum, Map<String, Long> before, Map<String, Long> after) {
    after.forEach((group, nanos) -> sum.merge(group, nanos - before.getOrDefault(group, 0L), Long::sum));
  }

  /** The group of a thread by its OS name: a known one, or {@code other: <name>} with digits as {@code #}. */
  static String group(String name) {
    return GROUPS.stream().filter(g -> name.startsWith(g.getKey())).map(Map.Entry::getValue).findFirst()
        .orElse("other: " + name.replaceAll("\\d+", "#"));
  }

  /**
   * CSV lines {@code config,mix,group,cpu_ms_per_unit,share}, the largest group first: the CPU per
   * request (for {@code per} requests) or per second of an idle time (for {@code per} seconds).
   */
  static List<String> csv(String config, String mix, Map<String, Long> nanos, long per) {
    long total = Math.max(1, nanos.values().stream().mapToLong(Long::longValue).sum());
    return new TreeMap<>(nanos).entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .map(e -> String.format(Locale.ROOT, "%s,%s,%s,%.3f,%.3f", config, mix, e.getKey(),
            e.getValue() / 1e6 / Math.max(1, per), (double) e.getValue() / total))
        .toList();
  }

  private static void read(Path stat, Map<String, Long> groups) {
    try {
      String line = Files.readString(stat);
      String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
      String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      groups.merge(group(name), ticks * NANOS_PER_TICK, Long::sum);
    } catch (IOException | RuntimeException e) {
      // the thread ended while the tasks were listed: its time is gone with it
    }
  }
}
