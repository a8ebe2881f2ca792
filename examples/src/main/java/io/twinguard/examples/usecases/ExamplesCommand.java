package io.twinguard.examples.usecases;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinguard examples run UC1 ... UC6 | all}: the seed paper's use cases, played through the broker. */
@Command(name = "examples", mixinStandardHelpOptions = true,
    description = "The smart city, farm and building use cases (UC1 to UC6), played through the broker.",
    subcommands = {ExamplesCommand.Run.class})
public final class ExamplesCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Plays the named use cases on one city on embedded defaults, then verifies the audit log. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Play use cases through the broker on embedded defaults (no Keycloak, Fabric or Mosquitto),",
          "printing each step: the call, the decision and its reasons, redactions, arbitration, consent",
          "changes with their receipts and the audit record. Exit 0 when every step got its expected",
          "outcome, the audit log verifies and every proof of the report holds, 1 otherwise. The",
          "report (HTML page and Markdown, a sequence diagram per use case drawn from the audit log)",
          "goes to --report; --serve serves its page afterwards.",
          "  UC1  the Room uses the HVAC's service, thermal model (black box), climate data and events",
          "  UC2  the Strawberry twin is replaced by a Tomato twin; the Room is not changed",
          "  UC3  two farms share the irrigation tank by policy; the bus company's format change",
          "  UC4  the Building discovers the Transportation twin in the catalogue",
          "  UC5  fire system versus HVAC on the same doors",
          "  UC6  Ada's consents: booking yes, employer never, profiling refused, withdrawal"})
  public static final class Run implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "UC", description = "UC1 ... UC6, or all")
    List<String> names;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Keep the audit log's embedded PostgreSQL here (default: a fresh temporary directory).")
    Path dataDir;

    @CommandLine.Mixin ReportOptions report;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<UseCase> chosen = new ArrayList<>();
      for (String name : names) {
        if ("all".equalsIgnoreCase(name)) {
          chosen.addAll(UseCase.all());
        } else {
          try {
            chosen.add(UseCase.named(name));
          } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
          }
        }
      }
      return Session.play(chosen, report.options(dataDir), spec.commandLine().getOut());
    }
  }
}
