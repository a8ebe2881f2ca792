package io.twinguard.policies.authoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pinned {@code opa} program, run as a child process with a bound on its time. Blocking: call
 * it from a worker thread, never from an event loop.
 *
 * @param path the program to run
 */
public record OpaBinary(String path) {

  /** The variable that names the opa program, read before the pinned one is looked for. */
  public static final String VARIABLE = "TWINGUARD_OPA";

  /**
   * The opa to run: {@code given} if present, else {@code $TWINGUARD_OPA}, else {@code
   * .tools/bin/opa} under the repository root ({@code -Dtwinguard.root} or the working directory),
   * else {@code opa} on the PATH.
   */
  public static OpaBinary locate(Optional<Path> given) {
    if (given.isPresent()) {
      return new OpaBinary(given.get().toAbsolutePath().toString());
    }
    String env = System.getenv(VARIABLE);
    if (env != null && !env.isBlank()) {
      return new OpaBinary(env);
    }
    Path root = Path.of(System.getProperty("twinguard.root", "."));
    Path pinned = root.resolve(".tools/bin/opa").toAbsolutePath();
    return new OpaBinary(Files.isExecutable(pinned) ? pinned.toString() : "opa");
  }

  /**
   * How one run ended.
   *
   * @param exitCode the exit code, or -1 when the run was stopped at its time bound
   * @param output what opa wrote on standard output
   * @param errors what it wrote on standard error
   * @param timedOut whether it was stopped at its time bound
   */
  public record Run(int exitCode, String output, String errors, boolean timedOut) {}

  /**
   * Runs opa with {@code arguments} in {@code directory}; stops it (and says so) when it runs longer
   * than {@code timeout}. Output goes through files, so a chatty opa never blocks on a full pipe.
   *
   * @throws IOException when opa cannot be started
   * @throws InterruptedException when the calling thread is interrupted while opa runs
   */
  public Run run(List<String> arguments, Path directory, Duration timeout) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(path);
    command.addAll(arguments);
    Path out = Files.createTempFile("twinguard-opa-", ".out");
    Path err = Files.createTempFile("twinguard-opa-", ".err");
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        if (process.isAlive()) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
      return new Run(finished ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), !finished);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
