package io.twinguard.adapters.fmu;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Python installation that runs FMUs with fmpy, and the host directories the sandbox must show
 * read-only for it to start (its virtual environment and the installation behind it).
 *
 * @param python the interpreter, e.g. {@code .tools/venv/bin/python}
 * @param roots the directories holding it and its packages
 */
public record PythonRuntime(Path python, List<Path> roots) {

  public PythonRuntime {
    Objects.requireNonNull(python, "python");
    roots = List.copyOf(roots);
  }

  /**
   * Asks the interpreter where it lives and checks fmpy imports. Blocking; run once, off the event
   * loop.
   *
   * @throws IOException when the interpreter does not run, or has no fmpy
   */
  public static PythonRuntime probe(Path python) throws IOException {
    Process process = new ProcessBuilder(python.toString(), "-c",
        "import sys, json, fmpy; print(json.dumps([sys.prefix, sys.base_prefix]))")
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readNBytes(64 * 1024);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(python + " cannot import fmpy (install tools/python/requirements.txt)");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while probing " + python, e);
    }
    JsonArray prefixes = new JsonArray(new String(out, StandardCharsets.UTF_8).trim());
    Set<Path> roots = new LinkedHashSet<>();
    for (int i = 0; i < prefixes.size(); i++) {
      Path root = Path.of(prefixes.getString(i));
      if (!root.startsWith("/usr")) {
        roots.add(root);
      }
    }
    return new PythonRuntime(python, List.copyOf(roots));
  }
}
