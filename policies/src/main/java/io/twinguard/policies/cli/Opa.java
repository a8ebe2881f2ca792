package io.twinguard.policies.cli;

import io.twinguard.policies.authoring.OpaBinary;
import io.twinguard.policies.bundle.BundleFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the pinned {@code opa} binary and runs it; unpacks the policy sources built into the jar. */
final class Opa {

  private Opa() {}

  /** The opa to run: {@code --opa} if given, else as {@link OpaBinary#locate} finds it. */
  static String locate(Path given) {
    return OpaBinary.locate(Optional.ofNullable(given)).path();
  }

  /** The result of one opa run: its exit code and its output (stdout and stderr together). */
  record Run(int exitCode, List<String> lines) {}

  /**
   * Runs opa in a working directory; its output goes line by line to {@code out} (null: kept only
   * in the result), so that it lands wherever the command line's output goes.
   */
  static Run run(String opa, List<String> arguments, Path workingDirectory, PrintWriter out)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(opa);
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        if (out != null) {
          out.println(line);
        }
      }
    }
    if (out != null) {
      out.flush();
    }
    return new Run(process.waitFor(), lines);
  }

  /** Unpacks the Rego sources and tests built into the jar into a new temporary directory. */
  static Path unpackBundledSources() throws IOException {
    Path dir = Files.createTempDirectory("twinguard-rego-");
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

  /** Deletes a directory tree (a temporary one this class or a command made). */
  static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
