package io.twinguard.audit.cli;

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

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
