package io.twinguard.examples.usecases;

import io.twinguard.audit.log.VerifyReport;
import io.twinguard.examples.report.AuditReport;
import io.twinguard.examples.report.ReportServer;
import io.twinguard.examples.report.ReportWriter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * One run of use cases: starts the city under the data directory (a fresh temporary one when none
 * is given, removed afterwards), plays them, verifies the audit log, writes the report drawn from
 * the log and, when asked, serves its page until the process is interrupted.
 */
public final class Session {

  /**
   * Where and how a run goes.
   *
   * @param dataDir where the audit log's PostgreSQL lives; null: a fresh temporary directory
   * @param reportDir where the report is written
   * @param servePort serve the report page on this loopback port after the run (0: a free one);
   *     negative: do not serve
   * @param variants which parts real servers play (the demo: {@link Variants#embedded()})
   */
  public record Options(Path dataDir, Path reportDir, int servePort, Variants variants) {

    /** @throws NullPointerException when the variants are missing */
    public Options {
      Objects.requireNonNull(variants, "variants");
    }

    /** On the embedded variants, as the demo plays. */
    public Options(Path dataDir, Path reportDir, int servePort) {
      this(dataDir, reportDir, servePort, Variants.embedded());
    }
  }

  private Session() {}

  /** @return 0 when every use case held, the log verifies and every proof of the report holds; 1 otherwise */
  public static int play(List<UseCase> useCases, Options options, PrintWriter out) throws Exception {
    Path dir = options.dataDir() != null ? options.dataDir() : Files.createTempDirectory("twinguard-examples");
    Vertx vertx = Vertx.vertx();
    long started = System.nanoTime();
    try {
      out.println("twinguard: the smart city on loopback");
      City city = City.start(vertx, dir, Clock.systemUTC(), out, options.variants());
      AuditReport audit;
      boolean intact;
      List<Runner.Played> played;
      try {
        played = Runner.play(city, useCases, out);
        VerifyReport report = City.await(city.log.verify());
        intact = report.intact();
        out.printf("%naudit log: %d records, %d signed checkpoints, %s%n", report.leaves(), report.checkpoints(),
            intact ? "verified (every leaf, every checkpoint signature and consistency)" : "BROKEN: " + report.problems());
        audit = AuditReport.collect(vertx, city.log, report.leaves(), played);
      } finally {
        city.close();
      }
      ReportWriter.write(audit, options.reportDir());
      long failed = played.stream().filter(p -> !p.ok()).count();
      played.forEach(p -> out.printf("  %s %s%n", p.id(), p.ok() ? "ok" : "FAILED"));
      out.printf("%d of %d use cases held, in %.1f s (%s)%n", played.size() - failed, played.size(),
          (System.nanoTime() - started) / 1e9, options.variants().describe());
      out.printf("report: %s and %s (sequence diagrams from the audit log; %s)%n",
          options.reportDir().resolve("index.html"), options.reportDir().resolve("report.md"),
          audit.verified() ? "checkpoint signed, every inclusion proof holds" : "SOME PROOFS FAIL");
      out.flush();
      int exit = failed == 0 && intact && audit.verified() ? 0 : 1;
      if (options.servePort() >= 0) {
        serve(vertx, options, out);
      }
      return exit;
    } finally {
      City.await(vertx.close());
      if (options.dataDir() == null) {
        deleteQuietly(dir);
      }
    }
  }

  /** Serves the report page until the process is interrupted (Ctrl-C). */
  private static void serve(Vertx vertx, Options options, PrintWriter out) throws Exception {
    HttpServer server = City.await(ReportServer.start(vertx, options.reportDir(), options.servePort()));
    out.printf("report page: http://127.0.0.1:%d/ (Ctrl-C to stop)%n", server.actualPort());
    out.flush();
    new CountDownLatch(1).await();
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("examples: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
