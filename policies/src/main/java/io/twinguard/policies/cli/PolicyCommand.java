package io.twinguard.policies.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code twinguard policy}: test, build and evaluate the Rego policies. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Test, build and evaluate the twinguard Rego policies.",
    subcommands = {PolicyTestCommand.class, PolicyBuildCommand.class, PolicyEvalCommand.class})
public final class PolicyCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
