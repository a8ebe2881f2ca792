package io.twinguard.audit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * CPU time of this JVM and of the embedded PostgreSQL (the postmaster and its live children) over
 * the measurement iterations of one fork, written as one CSV line per iteration to the file named by
 * the system property {@value #FILE_PROPERTY}, which {@link AppendReport} reads. Nothing is written
 * when the property is unset.
 */
final class CpuMeter {

  static final String FILE_PROPERTY = "twinguard.bench.cpuFile";

  private final long postmaster;
  private long appendsAtStart;
  private long javaAtStart;
  private long postgresAtStart;
  private long wallAtStart;

  CpuMeter(Path pgdata) {
    try {
      this.postmaster = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void start(long appends) {
    appendsAtStart = appends;
    javaAtStart = javaCpuNanos();
    postgresAtStart = postgresCpuNanos();
    wallAtStart = System.nanoTime();
  }

  /** Appends one line: the labels, appends, wall, Java and PostgreSQL CPU nanoseconds, load average. */
  void stop(String labels, long appends) {
    String file = System.getProperty(FILE_PROPERTY);
    if (file == null) {
      return;
    }
    String line = String.join(",", labels, Long.toString(appends - appendsAtStart),
        Long.toString(System.nanoTime() - wallAtStart), Long.toString(javaCpuNanos() - javaAtStart),
        Long.toString(postgresCpuNanos() - postgresAtStart), loadAverage()) + "\n";
    try {
      Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long javaCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private long postgresCpuNanos() {
    return ProcessHandle.of(postmaster)
        .map(p -> cpu(p) + p.descendants().mapToLong(CpuMeter::cpu).sum())
        .orElse(0L);
  }

  private static long cpu(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** The one-minute load average of the machine. */
  static String loadAverage() {
    try {
      List<String> fields = List.of(Files.readString(Path.of("/proc/loadavg")).split(" "));
      return fields.get(0);
    } catch (IOException e) {
      return "?";
    }
  }
}
