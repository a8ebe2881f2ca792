package io.twinguard.tests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of processes on Linux, from {@code /proc/<pid>/stat} (user + system, in clock ticks of
 * 10 ms, as {@code getconf CLK_TCK} says here) and of the whole machine from {@code /proc/stat}.
 */
final class ProcessCpu {

  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessCpu() {}

  /** The CPU time {@code pid} and its live children have used so far, in nanoseconds (0 when it is gone). */
  static long withChildren(long pid) throws IOException {
    long total = of(pid);
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        List<String> fields = stat(entry.resolve("stat"));
        if (fields.size() > 13 && Long.parseLong(fields.get(1)) == pid) {
          total += ticks(fields) * NANOS_PER_TICK;
        }
      }
    }
    return total;
  }

  /** The CPU time {@code pid} has used so far, in nanoseconds (0 when it is gone). */
  static long of(long pid) {
    List<String> fields = stat(Path.of("/proc", Long.toString(pid), "stat"));
    return fields.size() > 13 ? ticks(fields) * NANOS_PER_TICK : 0;
  }

  /** The busy CPU time of the whole machine so far (every core, every process), in nanoseconds. */
  static long machineBusy() throws IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < cpu.length && i <= 8; i++) {
      // user nice system idle iowait irq softirq steal: all but idle and iowait
      busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]);
    }
    return busy * NANOS_PER_TICK;
  }

  /** The fields after the command name (which may hold spaces): state, ppid, ..., utime at 11, stime at 12. */
  private static List<String> stat(Path file) {
    try {
      String line = Files.readString(file);
      return List.of(line.substring(line.lastIndexOf(')') + 2).trim().split(" "));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static long ticks(List<String> fields) {
    return Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
  }
}
