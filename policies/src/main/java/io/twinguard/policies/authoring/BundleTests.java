package io.twinguard.policies.authoring;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs a bundle's own Rego tests ({@code *_test.rego} files it carries) with {@code opa test}, on
 * its Rego modules and data documents only (its Wasm module, manifest and signatures stay out, so
 * the Go evaluator runs them), in a temporary directory removed afterwards. Blocking and slow
 * (seconds): call it from a worker thread.
 */
public final class BundleTests {

  /** How the bundle's tests ended. Only {@link Passed} lets a bundle in. */
  public sealed interface Outcome permits Passed, Failed, NotRun {}

  /** Every test passed. @param tests how many ran, at least one */
  public record Passed(int tests) implements Outcome {}

  /**
   * Some tests failed or erred.
   *
   * @param failures every failing test
   * @param tests how many ran
   */
  public record Failed(List<FailedTest> failures, int tests) implements Outcome {
    public Failed {
      failures = List.copyOf(failures);
    }
  }

  /** The tests could not run: none in the bundle, Rego that does not compile, opa missing or too slow. */
  public record NotRun(String why) implements Outcome {
    public NotRun {
      Objects.requireNonNull(why, "why");
    }
  }

  /**
   * One failing test.
   *
   * @param name the test's full name, such as {@code data.twinguard.privacy_test.test_fail_x}
   * @param file the file it is in, relative to the bundle root
   * @param row its line
   * @param error what opa said when the test erred rather than failed, or null
   */
  public record FailedTest(String name, String file, int row, String error) {}

  private BundleTests() {}

  /**
   * Runs the tests of the bundle {@code files} (names relative to the bundle root), stopping opa
   * after {@code timeout}.
   *
   * @throws IllegalArgumentException when a file name would leave the bundle's directory
   * @throws InterruptedException when the calling thread is interrupted
   */
  public static Outcome run(OpaBinary opa, Map<String, byte[]> files, Duration timeout) throws InterruptedException {
    if (files.keySet().stream().noneMatch(name -> name.endsWith("_test.rego"))) {
      return new NotRun("the bundle carries no Rego tests (*_test.rego); build it with twinguard policy build");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("twinguard-bundle-tests-");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        if (isSource(file.getKey())) {
          Path target = dir.resolve(file.getKey()).normalize();
          if (!target.startsWith(dir) || target.equals(dir)) {
            throw new IllegalArgumentException("bundle file " + file.getKey() + " leaves the bundle's directory");
          }
          Files.createDirectories(target.getParent());
          Files.write(target, file.getValue());
        }
      }
      OpaBinary.Run run = opa.run(List.of("test", "--format", "json", "."), dir, timeout);
      return outcome(run, timeout);
    } catch (IOException e) {
      return new NotRun("opa test could not run: " + e.getMessage());
    } finally {
      delete(dir);
    }
  }

  /** Rego modules and data documents: what {@code opa test} loads. */
  static boolean isSource(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return name.endsWith(".rego") || base.equals("data.json") || base.equals("data.yaml");
  }

  static Outcome outcome(OpaBinary.Run run, Duration timeout) {
    if (run.timedOut()) {
      return new NotRun("the bundle's tests did not finish within " + timeout.toSeconds() + " s");
    }
    JsonArray results;
    try {
      results = new JsonArray(run.output().isBlank() ? "null" : run.output());
    } catch (DecodeException | ClassCastException e) {
      results = null;
    }
    if (results == null) {
      // the first lines name the file and line of each error; the rest repeats the source
      String first = String.join(" ", run.errors().lines().filter(line -> !line.isBlank()).limit(2).toList());
      return new NotRun("opa test could not run the bundle's tests: "
          + (first.isEmpty() ? "exit code " + run.exitCode() : first.strip()));
    }
    List<FailedTest> failures = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      JsonObject error = result.getJsonObject("error");
      boolean erred = error != null && !error.isEmpty();
      if (result.getBoolean("fail", false) || erred) {
        JsonObject location = result.getJsonObject("location", new JsonObject());
        failures.add(new FailedTest(result.getString("package", "") + "." + result.getString("name", ""),
            location.getString("file", ""), location.getInteger("row", 0),
            erred ? error.getString("message", error.encode()) : null));
      }
    }
    if (results.isEmpty()) {
      return new NotRun("opa test found no tests in the bundle");
    }
    if (!failures.isEmpty() || run.exitCode() != 0) {
      return new Failed(failures, results.size());
    }
    return new Passed(results.size());
  }

  private static void delete(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary directory left behind holds only the bundle's own sources
    }
  }
}
