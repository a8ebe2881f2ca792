package io.twinguard.audit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of this JVM and of the embedded PostgreSQL (the postmaster and its live children), and the
 * JIT's compile time, over the measurement iterations of one fork, written as one CSV line per iteration to the file named by
 * the system property {@value #FILE_PROPERTY}, which {@link AppendReport} reads. Nothing is written
 * when the property is unset.
 */
final class CpuMeter {

  static final String FILE_PROPERTY = "twinguard.bench.cpuFile";

  private static final long WINDOW_MILLIS = 2_000;
  private static final long QUIET_COMPILE_MILLIS = 50;

  private final long postmaster;
  private long appendsAtStart;
  private long javaAtStart;
  private long postgresAtStart;
  private long wallAtStart;
  private long compileMillisAtStart;
  private long settledAfterMillis;

  CpuMeter(Path pgdata) {
    try {
      this.postmaster = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lets the load run until the JIT settles: until it compiled for less than {@value
   * #QUIET_COMPILE_MILLIS} ms in each of two {@value #WINDOW_MILLIS} ms windows in a row, at most
   * five minutes. JMH's time-based warm-up alone left the compiler busy through the measurement:
   * at batch 1 a few hundred appends a second reach the compile thresholds slowly, and compiling
   * competes with PostgreSQL for the two cores.
   */
  void untilJitSettles(AppendPump pump) throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    int quietWindows = 0;
    while (quietWindows < 2 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
      long before = jit.getTotalCompilationTime();
      TimeUnit.MILLISECONDS.sleep(WINDOW_MILLIS);
      pump.check();
      quietWindows = jit.getTotalCompilationTime() - before < QUIET_COMPILE_MILLIS ? quietWindows + 1 : 0;
    }
    settledAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("%nJIT %s after %.1f s of load, at %s%n", quietWindows == 2 ? "settled" : "NOT settled",
        settledAfterMillis / 1e3, java.time.Instant.now());
  }

  void start(long appends) {
    appendsAtStart = appends;
    javaAtStart = javaCpuNanos();
    postgresAtStart = postgresCpuNanos();
    wallAtStart = System.nanoTime();
    compileMillisAtStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  /**
   * Appends one line: the labels, appends, wall, Java and PostgreSQL CPU nanoseconds, load average,
   * JIT compile milliseconds, and how long the JIT took to settle.
   */
  void stop(String labels, long appends) {
    String file = System.getProperty(FILE_PROPERTY);
    if (file == null) {
      return;
    }
    String line = String.join(",", labels, Long.toString(appends - appendsAtStart),
        Long.toString(System.nanoTime() - wallAtStart), Long.toString(javaCpuNanos() - javaAtStart),
        Long.toString(postgresCpuNanos() - postgresAtStart), loadAverage(),
        Long.toString(ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileMillisAtStart),
        Long.toString(settledAfterMillis)) + "\n";
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
