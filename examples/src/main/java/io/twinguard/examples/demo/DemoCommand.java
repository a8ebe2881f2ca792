package io.twinguard.examples.demo;

import io.twinguard.examples.usecases.ReportOptions;
import io.twinguard.examples.usecases.Session;
import io.twinguard.examples.usecases.UseCase;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard demo}: the six use cases of the smart city, farm and building on embedded
 * defaults, as {@code twinguard examples run all} plays them: a fresh ecosystem CA, the example
 * twins on loopback, the legacy twins behind their adapters, the bundled policies in-process, the
 * audit log on an embedded PostgreSQL, the consent service on its database, and the broker. No
 * Keycloak, Fabric or Mosquitto. Writes the report drawn from the audit log (see {@code
 * ReportWriter}). Exits 0 when every step got its expected outcome, the audit log verifies and
 * every proof of the report holds. TWINGUARD_* variables are ignored, so that the demo never writes to a real log.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Play the six use cases (UC1 to UC6) on embedded defaults and verify the audit log.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the audit log's embedded PostgreSQL here (default: a fresh temporary directory).")
  Path dataDir;

  @CommandLine.Mixin ReportOptions report;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return Session.play(UseCase.all(), report.options(dataDir), spec.commandLine().getOut());
  }
}
