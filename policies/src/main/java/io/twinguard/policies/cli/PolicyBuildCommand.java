package io.twinguard.policies.cli;

import io.twinguard.policies.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinguard policy build}: builds the Wasm bundle the in-process engine loads. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build the policies into a Wasm bundle (opa build -t wasm), optionally signed.")
final class PolicyBuildCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    // opa signs only in bundle mode, where one directory is the bundle root: merge policy/ and data/
    Path staging = Files.createTempDirectory("twinguard-bundle-");
    try {
      copy(root.resolve("policy"), staging);
      copy(root.resolve("data"), staging);
      List<String> arguments = new ArrayList<>(List.of(
          "build", "--bundle", "-t", "wasm", "-e", PolicyEngine.ENTRYPOINT, "--ignore", "*_test.rego",
          "--revision", revision, "-o", output.toAbsolutePath().toString()));
      if (signingKey != null) {
        arguments.addAll(List.of("--signing-key", signingKey.toAbsolutePath().toString(),
            "--signing-alg", signingAlgorithm));
      }
      arguments.add(".");
      return Opa.run(Opa.locate(opa), arguments, staging, spec.commandLine().getOut()).exitCode() == 0 ? 0 : 1;
    } finally {
      Opa.delete(staging);
      if (dir == null) {
        Opa.delete(root);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        Files.createDirectories(target.getParent());
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
