package io.twinguard.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python side of the FMU tests: the interpreter named by the system property
 * {@code twinguard.python} (a virtual environment with tools/python/requirements.txt), FMUs built
 * from the Python sources in the test resources with pythonfmu, and the fmpy reference run.
 */
public final class Fmus {

  private Fmus() {}

  public static Path python() {
    String property = System.getProperty("twinguard.python");
    assertTrue(property != null && Files.isExecutable(Path.of(property)),
        "twinguard.python must name a Python with fmpy and pythonfmu (scripts/python.sh makes .tools/venv); got " + property);
    return Path.of(property);
  }

  /** Builds {@code <name>.py} from the test resources into {@code dir/<name>.fmu}. */
  public static Path build(String name, Path dir) throws IOException, InterruptedException {
    Path source = dir.resolve(name + ".py");
    try (InputStream in = Fmus.class.getResourceAsStream("fmu/" + name + ".py")) {
      Files.write(source, in.readAllBytes());
    }
    Path out = Files.createDirectories(dir.resolve("built"));
    run(List.of(python().toString(), "-m", "pythonfmu", "build", "-f", source.toString(), "-d", out.toString()), "");
    return out.resolve(name + ".fmu");
  }

  /** Runs the FMU directly with fmpy, one instance for all steps; the outputs after each step. */
  public static JsonArray reference(Path fmu, JsonObject start, double time, double stepSize, JsonArray inputs, Path dir)
      throws IOException, InterruptedException {
    Path script = dir.resolve("fmpy_reference.py");
    try (InputStream in = Fmus.class.getResourceAsStream("fmu/fmpy_reference.py")) {
      Files.write(script, in.readAllBytes());
    }
    JsonObject request = new JsonObject().put("fmu", fmu.toString()).put("start", start)
        .put("time", time).put("step_size", stepSize).put("inputs", inputs);
    return new JsonArray(run(List.of(python().toString(), script.toString()), request.encode()));
  }

  private static String run(List<String> command, String input) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "python did not finish: " + command);
    assertEquals(0, process.exitValue(), command + " failed: " + output);
    return output;
  }
}
