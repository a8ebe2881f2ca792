package io.twinguard.examples.usecases;

import io.twinguard.audit.log.VerifyReport;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * One run of use cases: starts the city under {@code dataDir} (a fresh temporary directory when
 * null, removed afterwards), plays them, verifies the audit log and stops everything.
 */
public final class Session {

  private Session() {}

  /** @return 0 when every use case held and the log verifies, 1 otherwise */
  public static int play(List<UseCase> useCases, Path dataDir, PrintWriter out) throws Exception {
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("twinguard-examples");
    Vertx vertx = Vertx.vertx();
    long started = System.nanoTime();
    try {
      out.println("twinguard: the smart city on loopback");
      City city = City.start(vertx, dir, Clock.systemUTC(), out);
      try {
        List<Runner.Played> played = Runner.play(city, useCases, out);
        VerifyReport report = City.await(city.log.verify());
        out.printf("%naudit log: %d records, %d signed checkpoints, %s%n", report.leaves(), report.checkpoints(),
            report.intact() ? "verified (every leaf, every checkpoint signature and consistency)" : "BROKEN: " + report.problems());
        long failed = played.stream().filter(p -> !p.ok()).count();
        played.forEach(p -> out.printf("  %s %s%n", p.id(), p.ok() ? "ok" : "FAILED"));
        out.printf("%d of %d use cases held, in %.1f s%n", played.size() - failed, played.size(),
            (System.nanoTime() - started) / 1e9);
        out.flush();
        return failed == 0 && report.intact() ? 0 : 1;
      } finally {
        city.close();
      }
    } finally {
      City.await(vertx.close());
      if (dataDir == null) {
        deleteQuietly(dir);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("examples: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
