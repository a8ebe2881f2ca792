package io.twinguard.policies.cli;

import io.twinguard.policies.PolicyEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinguard policy build}: builds the Wasm bundle the in-process engine loads. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build the policies into a Wasm bundle (opa build -t wasm), optionally signed.")
final class PolicyBuildCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "DIR",
      description = "A directory with policy/ and data/ (default: the policies built into twinguard).")
  Path dir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "bundle.tar.gz",
      description = "Where to write the bundle (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--revision", paramLabel = "REV", required = true, description = "The bundle revision.")
  String revision;

  @Option(names = "--signing-key", paramLabel = "PEM",
      description = "Sign the bundle with this private key (.signatures.json, JWS).")
  Path signingKey;

  @Option(names = "--signing-alg", paramLabel = "ALG", defaultValue = "RS256",
      description = "The JWS algorithm of the signing key (default: ${DEFAULT-VALUE}).")
  String signingAlgorithm;

  @Option(names = "--opa", paramLabel = "PATH", description = "The opa binary (default: the pinned .tools/bin/opa).")
  Path opa;

  @Override
  public Integer call() throws Exception {
    Path root = dir != null ? dir : Opa.unpackBundledSources();
    List<String> arguments = new ArrayList<>(List.of(
        "build", "-t", "wasm", "-e", PolicyEngine.ENTRYPOINT, "--ignore", "*_test.rego",
        "--revision", revision, "-o", output.toString()));
    if (signingKey != null) {
      arguments.addAll(List.of("--signing-key", signingKey.toString(), "--signing-alg", signingAlgorithm));
    }
    arguments.addAll(List.of(root.resolve("policy").toString(), root.resolve("data").toString()));
    return Opa.run(Opa.locate(opa), arguments) == 0 ? 0 : 1;
  }
}
