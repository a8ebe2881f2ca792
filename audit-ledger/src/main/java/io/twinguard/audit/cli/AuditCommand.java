package io.twinguard.audit.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinguard audit}: the verifiable audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The verifiable audit log: append, prove, verify and query decision records.",
    subcommands = {
      AppendCommand.class,
      VerifyCommand.class,
      KeyCommand.class,
      ProofCommand.class,
      QueryCommand.class,
      AnchorCommand.class,
      AnchorsCommand.class
    })
public final class AuditCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  /** The audit commands, reading the process's environment. */
  public AuditCommand() {
    this(System.getenv());
  }

  /** The audit commands, reading {@code environment} instead of the process's (for tests). */
  public AuditCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment the subcommands read their {@code TWINGUARD_*} settings from. */
  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
