package io.twinguard.policies.cli;

import io.twinguard.policies.bundle.BundleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Finds the pinned {@code opa} binary and runs it; unpacks the policy sources built into the jar. */
final class Opa {

  private Opa() {}

  /**
   * The opa to run: {@code --opa} if given, else {@code $TWINGUARD_OPA}, else
   * {@code .tools/bin/opa} under the repository root ({@code -Dtwinguard.root} or the working
   * directory), else {@code opa} on the PATH.
   */
  static String locate(Path given) {
    if (given != null) {
      return given.toString();
    }
    String env = System.getenv("TWINGUARD_OPA");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path root = Path.of(System.getProperty("twinguard.root", "."));
    Path pinned = root.resolve(".tools/bin/opa");
    return Files.isExecutable(pinned) ? pinned.toString() : "opa";
  }

  /** Runs opa with its output on ours; returns its exit code. */
  static int run(String opa, List<String> arguments) throws IOException, InterruptedException {
    return run(opa, arguments, Path.of("."));
  }

  /** Runs opa in a working directory with its output on ours; returns its exit code. */
  static int run(String opa, List<String> arguments, Path workingDirectory) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(opa).isAbsolute() || !opa.contains("/") ? opa : Path.of(opa).toAbsolutePath().toString());
    command.addAll(arguments);
    return new ProcessBuilder(command).directory(workingDirectory.toFile()).inheritIO().start().waitFor();
  }

  /** Unpacks the Rego sources and tests built into the jar into a new temporary directory. */
  static Path unpackBundledSources() throws IOException {
    Path dir = Files.createTempDirectory("twinguard-rego-");
    dir.toFile().deleteOnExit();
    for (Map.Entry<String, byte[]> file : BundleFiles.resource(BundleFiles.BUNDLED_SOURCES).entrySet()) {
      Path target = dir.resolve(file.getKey()).normalize();
      if (!target.startsWith(dir)) {
        throw new IOException("bundled source escapes its directory: " + file.getKey());
      }
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    return dir;
  }
}
