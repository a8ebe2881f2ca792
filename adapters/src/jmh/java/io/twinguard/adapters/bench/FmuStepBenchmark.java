package io.twinguard.adapters.bench;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.blackbox.Sandbox;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.adapters.fmu.FmuFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One co-simulation step of the HVAC thermal FMU: the adapter's runner script started directly with
 * the same Python (the baseline: a fresh process per step, no sandbox), and a whole step through
 * the fmu adapter (sandbox, schemas). Needs {@code -Dtwinguard.python} with fmpy and pythonfmu.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FmuStepBenchmark {

  private static final String SPEC = "{\"inputs\":[\"outdoor_c\",\"heating_w\"],\"state\":{\"room_c\":\"room_c_start\"},\"outputs\":[\"room_c\"]}";
  private static final String STEP = "{\"time\":0,\"step_size\":60,\"state\":{\"room_c\":19.5},\"inputs\":{\"outdoor_c\":4,\"heating_w\":2000}}";

  private Path python;
  private Path dir;
  private Path fmu;
  private Path runner;
  private Vertx vertx;
  private Adapter adapter;
  private BlockCall call;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    python = Path.of(System.getProperty("twinguard.python", ".tools/venv/bin/python"));
    dir = Files.createTempDirectory("twinguard-fmu-bench");
    Path source = copy("/io/twinguard/adapters/testing/fmu/HvacThermal.py", dir.resolve("HvacThermal.py"));
    run(List.of(python.toString(), "-m", "pythonfmu", "build", "-f", source.toString(), "-d", dir.toString()), "");
    fmu = dir.resolve("HvacThermal.fmu");
    runner = copy("/io/twinguard/adapters/fmu/fmu_step.py", dir.resolve("fmu_step.py"));
    Sandbox sandbox = Sandbox.create(new SandboxOptions(
        Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"), dir.resolve("store")));
    vertx = Vertx.vertx();
    JsonObject settings = new JsonObject()
        .put("fmu", fmu.toString())
        .put("timeout_ms", 30_000)
        .put("max_concurrent", 1)
        .put("operations", new JsonArray().add(new JsonObject()
            .put("block", "model/thermal").put("operation", "step")
            .put("inputs", new JsonArray().add("outdoor_c").add("heating_w"))
            .put("state", new JsonObject().put("room_c", "room_c_start"))
            .put("outputs", new JsonArray().add("room_c"))));
    adapter = new FmuFactory(sandbox, python).create(vertx, "t", settings, "bench")
        .toCompletionStage().toCompletableFuture().join();
    call = new BlockCall("t", BlockRef.parse("model/thermal"), "step", STEP.getBytes(StandardCharsets.UTF_8), "c", "p", List.of(), "d");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    adapter.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static Path copy(String resource, Path target) throws IOException {
    try (InputStream in = FmuStepBenchmark.class.getResourceAsStream(resource)) {
      Files.write(target, in.readAllBytes());
    }
    return target;
  }

  private static String run(List<String> command, String input) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(command + " failed: " + out);
    }
    return out;
  }

  @Benchmark
  public String stepDirect() throws IOException, InterruptedException {
    return run(List.of(python.toString(), "-I", runner.toString(), fmu.toString(), SPEC), STEP);
  }

  @Benchmark
  public AdapterResponse stepThroughAdapter() {
    return adapter.call(call).toCompletionStage().toCompletableFuture().join();
  }
}
