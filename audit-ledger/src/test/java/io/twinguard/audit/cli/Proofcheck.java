package io.twinguard.audit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The independent proof checker of {@code src/test/go} (transparency-dev/merkle and
 * golang.org/x/mod/sumdb/note), built once into {@code .tools/bin} by {@code scripts/tools.sh}
 * and run as a binary, so that nothing the Go toolchain prints (such as {@code go: downloading}
 * on a fresh machine) mixes with its answer. Fails, never skips, when Go is missing.
 */
final class Proofcheck {

  /** What the checker printed (stdout and stderr) and its exit code. */
  record Run(int exitCode, String out) {}

  private static Path binary;

  private Proofcheck() {}

  /** Checks {@code proofJson} against the log's verifier key. */
  static Run check(String key, String proofJson) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(binary().toString(), "-key", key).redirectErrorStream(true).start();
    process.getOutputStream().write(proofJson.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("proofcheck did not finish: " + out);
    }
    return new Run(process.exitValue(), out);
  }

  /** The binary, built by {@code scripts/tools.sh --print-path proofcheck} when missing or stale. */
  private static synchronized Path binary() throws IOException, InterruptedException {
    if (binary == null) {
      Path root = Path.of(System.getProperty("twinguard.root", "..")).toAbsolutePath().normalize();
      Path log = Files.createTempFile("tools-proofcheck", ".log");
      try {
        Process tools = new ProcessBuilder("bash", root.resolve("scripts/tools.sh").toString(), "--print-path", "proofcheck")
            .redirectError(log.toFile())
            .start();
        tools.getOutputStream().close();
        String out;
        try (InputStream in = tools.getInputStream()) {
          out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!tools.waitFor(10, TimeUnit.MINUTES) || tools.exitValue() != 0) {
          tools.destroyForcibly();
          throw new AssertionError("scripts/tools.sh proofcheck failed: " + Files.readString(log));
        }
        binary = Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
      } finally {
        Files.deleteIfExists(log);
      }
    }
    return binary;
  }
}
