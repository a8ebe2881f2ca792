package io.twinguard.tests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings the cluster benchmarks share, from system properties (scripts/bench-cluster.sh passes
 * them on): {@code bench.connections} (32), {@code bench.warmup} seconds (20), {@code
 * bench.warmup.max} seconds (240), {@code bench.seconds} per measured round (8), {@code bench.rounds}
 * (3), {@code bench.passes} (2), and where results go ({@code tests/target/benchmarks} under {@code
 * twinguard.root}).
 */
record BenchSettings(int connections, Duration warmup, Duration warmupMax, Duration measured, int rounds, int passes,
    Path out) {

  /** Reads the settings and makes sure the results directory exists. */
  static BenchSettings fromSystemProperties() throws IOException {
    Path out = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize()
        .resolve("tests/target/benchmarks");
    Files.createDirectories(out);
    return new BenchSettings(Integer.getInteger("bench.connections", 32),
        Duration.ofSeconds(Long.getLong("bench.warmup", 20)), Duration.ofSeconds(Long.getLong("bench.warmup.max", 240)),
        Duration.ofSeconds(Long.getLong("bench.seconds", 8)), Integer.getInteger("bench.rounds", 3),
        Integer.getInteger("bench.passes", 2), out);
  }
}
