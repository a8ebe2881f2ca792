package io.twinguard.broker.cli.policy;

import io.twinguard.broker.lifecycle.explain.Explainer;
import io.twinguard.common.settings.SettingsException;
import io.twinguard.common.settings.TwinguardSettings;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code twinguard policy explain --decision ID}: tells, in plain words, which rules decided a
 * recorded call and with which policy revision. Exit code 0 when explained, 1 when the log holds
 * no such decision or it cannot be explained (the reason is printed), 2 on bad usage.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Explain a recorded decision: the rules that decided it, their files and lines, the revision.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:explained", "1:no such decision, or it cannot be explained", "2:bad usage"})
public final class PolicyExplainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin LifecycleOptions where;

  @Option(names = "--decision", paramLabel = "ID", required = true, description = "The decision id (Twin-Decision-Id).")
  String decision;

  @Option(names = "--json", description = "Print the explanation as JSON.")
  boolean json;

  private final Map<String, String> environment;

  public PolicyExplainCommand() {
    this(System.getenv());
  }

  /** Reads {@code environment} instead of the process's (for tests). */
  public PolicyExplainCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    TwinguardSettings settings;
    try {
      settings = where.settings(environment);
    } catch (SettingsException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return LifecycleSession.run("explain", settings, spec.commandLine().getErr(), session ->
        new Explainer(session.log(), session.inputs(), session.revisions(), session.engines()).explain(decision)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(new IllegalArgumentException("the audit log holds no decision " + decision));
              }
              var out = spec.commandLine().getOut();
              if (json) {
                out.println(found.get().encodePrettily());
              } else if (found.get().containsKey("text")) {
                out.print(found.get().getString("text"));
                if (!found.get().getBoolean("reproduced", false)) {
                  out.println("(made again with the same input, the revision did not decide as recorded)");
                }
              } else {
                out.println("Decision " + decision + " cannot be explained: " + found.get().getString("unexplained"));
              }
              out.flush();
              return Future.succeededFuture(found.get().containsKey("text") ? 0 : 1);
            }));
  }
}
