package io.twinguard.examples.usecases;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The report options of {@code twinguard examples run} and {@code twinguard demo}. */
public final class ReportOptions {

  @Option(names = "--report", paramLabel = "DIR", defaultValue = "twinguard-report",
      description = "Write the report here: index.html, report.md, the diagrams, each record and its proof (default: ${DEFAULT-VALUE}).")
  Path reportDir;

  @Option(names = "--serve", paramLabel = "PORT", arity = "0..1", fallbackValue = "0",
      description = "After the run, serve the report page on http://127.0.0.1:PORT/ (a free port when none is given) until interrupted.")
  Integer servePort;

  /** The session's options with {@code dataDir}. */
  public Session.Options options(Path dataDir) {
    return new Session.Options(dataDir, reportDir, servePort == null ? -1 : servePort);
  }
}
