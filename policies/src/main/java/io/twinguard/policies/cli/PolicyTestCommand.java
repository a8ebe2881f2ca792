package io.twinguard.policies.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code twinguard policy test}: runs {@code opa test} on the policies, bundled or given. Exit
 * code 0 when every test passes (and coverage reaches the threshold), else 1.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Run the Rego tests (opa test) of the bundled policies or of a policy directory.")
final class PolicyTestCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "DIR",
      description = "A directory with policy/ and data/ (default: the policies built into twinguard).")
  Path dir;

  @Option(names = "--opa", paramLabel = "PATH", description = "The opa binary (default: the pinned .tools/bin/opa).")
  Path opa;

  @Option(names = "--coverage-threshold", paramLabel = "PERCENT",
      description = "Also fail when coverage is below this (default: ${DEFAULT-VALUE}, no coverage).",
      defaultValue = "0")
  double threshold;

  @Override
  public Integer call() throws Exception {
    Path root = dir != null ? dir : Opa.unpackBundledSources();
    try {
      return test(root);
    } finally {
      if (dir == null) {
        Opa.delete(root);
      }
    }
  }

  private int test(Path root) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String policy = root.resolve("policy").toAbsolutePath().toString();
    String data = root.resolve("data").toAbsolutePath().toString();
    String binary = Opa.locate(opa);
    if (threshold <= 0) {
      return Opa.run(binary, List.of("test", "-v", policy, data), root, out).exitCode() == 0 ? 0 : 1;
    }
    // the coverage report is a large JSON document: print only its total
    Opa.Run covered = Opa.run(binary,
        List.of("test", "--coverage", "--threshold", Double.toString(threshold), policy, data), root, null);
    if (covered.exitCode() == 0) {
      out.println("Rego tests pass; coverage " + coverage(covered.lines()) + " % (threshold " + threshold + " %)");
      return 0;
    }
    Opa.Run plain = Opa.run(binary, List.of("test", policy, data), root, out);
    spec.commandLine().getErr().println(plain.exitCode() == 0
        ? "twinguard policy test: coverage " + coverage(covered.lines()) + " % is below " + threshold + " %"
        : "twinguard policy test: Rego tests failed");
    return 1;
  }

  private static String coverage(List<String> lines) {
    int start = lines.indexOf("{");
    int end = lines.lastIndexOf("}");
    if (start < 0 || end < start) {
      return "unknown";
    }
    try {
      return String.valueOf(new JsonObject(String.join("\n", lines.subList(start, end + 1))).getValue("coverage"));
    } catch (DecodeException e) {
      return "unknown";
    }
  }
}
