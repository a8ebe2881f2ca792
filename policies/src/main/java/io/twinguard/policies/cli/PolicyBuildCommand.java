package io.twinguard.policies.cli;

import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.bundle.BundleVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    description = "Build the policies into a Wasm bundle (opa build -t wasm) that carries its Rego tests, optionally"
        + " signed (opa sign).")
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
    Path packed = Files.createTempDirectory("twinguard-bundle-packed-");
    try {
      copy(root.resolve("policy"), staging);
      copy(root.resolve("data"), staging);
      String binary = Opa.locate(opa);
      // the Wasm module is compiled without the tests (opa would make them entrypoints); the bundle
      // then carries the Rego sources as written (opa's copies lack the rules it compiled to Wasm)
      // and their tests, signed with everything else, so that a broker can run the tests on them
      Path unsigned = packed.resolve("unsigned.tar.gz");
      int built = Opa.run(binary, List.of("build", "--bundle", "-t", "wasm", "-e", PolicyEngine.ENTRYPOINT,
          "--ignore", "*_test.rego", "--revision", revision, "-o", unsigned.toString(), "."), staging,
          spec.commandLine().getOut()).exitCode();
      if (built != 0) {
        return 1;
      }
      Map<String, byte[]> files = new TreeMap<>(BundleFiles.fromTarGz(Files.readAllBytes(unsigned)));
      files.keySet().removeIf(name -> name.endsWith(".rego"));
      files.putAll(regoSources(staging));
      Path bundleRoot = packed.resolve("bundle");
      write(bundleRoot, files);
      if (signingKey != null) {
        int signed = Opa.run(binary, List.of("sign", "--signing-key", signingKey.toAbsolutePath().toString(),
            "--signing-alg", signingAlgorithm, "--output-file-path", ".", "--bundle", "."), bundleRoot,
            spec.commandLine().getOut()).exitCode();
        if (signed != 0) {
          return 1;
        }
        files.put(BundleVerifier.SIGNATURES, Files.readAllBytes(bundleRoot.resolve(BundleVerifier.SIGNATURES)));
      }
      Files.write(output, BundleFiles.toTarGz(files));
      return 0;
    } finally {
      Opa.delete(staging);
      Opa.delete(packed);
      if (dir == null) {
        Opa.delete(root);
      }
    }
  }

  /** The Rego modules and tests under {@code staging}, by their names in the bundle. */
  private static Map<String, byte[]> regoSources(Path staging) throws IOException {
    Map<String, byte[]> sources = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(staging)) {
      for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".rego"))::iterator) {
        sources.put(staging.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
      }
    }
    return sources;
  }

  private static void write(Path root, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = root.resolve(file.getKey()).normalize();
      if (!target.startsWith(root)) {
        throw new IOException("bundle file " + file.getKey() + " leaves the bundle's directory");
      }
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
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
