package io.twinguard.policies.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinguard policy test}: runs {@code opa test} on the policies, bundled or given. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Run the Rego tests (opa test) of the bundled policies or of a policy directory.")
final class PolicyTestCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "DIR",
      description = "A directory with policy/ and data/ (default: the policies built into twinguard).")
  Path dir;

  @Option(names = "--opa", paramLabel = "PATH", description = "The opa binary (default: the pinned .tools/bin/opa).")
  Path opa;

  @Option(names = "--coverage-threshold", paramLabel = "PERCENT",
      description = "Fail when coverage is below this (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  double threshold;

  @Override
  public Integer call() throws Exception {
    Path root = dir != null ? dir : Opa.unpackBundledSources();
    List<String> arguments = threshold > 0
        ? List.of("test", "--coverage", "--threshold", Double.toString(threshold),
            root.resolve("policy").toString(), root.resolve("data").toString())
        : List.of("test", "-v", root.resolve("policy").toString(), root.resolve("data").toString());
    return Opa.run(Opa.locate(opa), arguments) == 0 ? 0 : 1;
  }
}
