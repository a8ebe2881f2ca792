package io.twinguard.tests.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Warms brokers up until their JIT compilers have caught up with the load: each mix for the minimum
 * time, then steps of both mixes until the brokers' compiler threads used less than {@link
 * #JIT_SHARE} of the brokers' CPU in a step ({@link ThreadCpu}), or the maximum time has passed.
 * On a starved machine every broker JVM compiles the same code on the same cores, so after a fixed
 * warm-up two or three brokers were measured while still compiling (a third to half of their CPU),
 * which a broker on a machine of its own is not.
 */
final class WarmUp {

  /** The compilers' share of the brokers' CPU in a step below which the JIT counts as settled. */
  static final double JIT_SHARE = 0.10;
  private static final Duration STEP = Duration.ofSeconds(5);

  /** How long it warmed up, the compilers' share in its last step, and whether that was below {@link #JIT_SHARE}. */
  record Outcome(Duration length, double jitShare, boolean settled) {
    String describe() {
      return String.format(Locale.ROOT, "warm-up %d s, JIT %.0f%% of the brokers' CPU at its end%s", length.toSeconds(),
          100 * jitShare, settled ? "" : " (not settled)");
    }
  }

  private WarmUp() {}

  /** The compilers' share of the CPU of a step's threads ({@link ThreadCpu} groups); 1 when no CPU was used. */
  static double jitShare(Map<String, Long> step) {
    long all = step.values().stream().mapToLong(Long::longValue).sum();
    return all <= 0 ? 1 : (double) step.getOrDefault("JIT compilers", 0L) / all;
  }

  /** Whether a step's threads show the JIT settled. */
  static boolean settled(Map<String, Long> step) {
    return jitShare(step) < JIT_SHARE;
  }

  /** Warms up with the mixes {@code signed} (each for {@code minimum}), then in steps until settled or {@code maximum}. */
  static Outcome run(Brokers brokers, SpreadLoad load, List<Boolean> signed, Duration minimum, Duration maximum)
      throws Exception {
    long start = System.nanoTime();
    for (boolean mix : signed) {
      await(load.closedLoop(mix, minimum));
    }
    double share = 1;
    while (System.nanoTime() - start < maximum.toNanos()) {
      List<Map<String, Long>> before = threads(brokers);
      for (boolean mix : signed) {
        await(load.closedLoop(mix, STEP));
      }
      Map<String, Long> step = new HashMap<>();
      List<Map<String, Long>> after = threads(brokers);
      IntStream.range(0, before.size()).forEach(i -> ThreadCpu.addDifference(step, before.get(i), after.get(i)));
      share = jitShare(step);
      if (settled(step)) {
        return new Outcome(Duration.ofNanos(System.nanoTime() - start), share, true);
      }
    }
    return new Outcome(Duration.ofNanos(System.nanoTime() - start), share, false);
  }

  /** Each broker's threads' CPU so far, by group. */
  static List<Map<String, Long>> threads(Brokers brokers) {
    return IntStream.range(0, brokers.layout.count()).mapToObj(i -> ThreadCpu.of(brokers.broker(i).pid())).toList();
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
