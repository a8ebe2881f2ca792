package io.twinguard.adapters.bench;

import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.blackbox.BlackBoxAdapter;
import io.twinguard.adapters.blackbox.BlackBoxFactory;
import io.twinguard.adapters.blackbox.Limits;
import io.twinguard.adapters.blackbox.RunResult;
import io.twinguard.adapters.blackbox.Sandbox;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.adapters.blackbox.SandboxRun;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * What starting a black box costs per call: the same program started directly (the baseline) and
 * in the sandbox (sh, bubblewrap's namespaces and mounts, prlimit, strace), for a program that does
 * nothing ({@code /bin/true}) and for a small Python model, and a whole call through the black-box
 * adapter (worker thread, sandbox, schema check). Report the sandboxed times as ratios to the direct
 * ones of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SandboxStartBenchmark {

  private static final String MODEL = """
      #!/usr/bin/python3
      import json, sys
      request = json.load(sys.stdin)
      print(json.dumps({"predicted_c": 18.0 + 0.25 * request["outdoor_c"]}))
      """;
  private static final byte[] INPUT = "{\"outdoor_c\": 4.0}".getBytes(StandardCharsets.UTF_8);

  private Path dir;
  private Path model;
  private Sandbox sandbox;
  private Limits limits;
  private ExecutorService pumps;
  private Vertx vertx;
  private BlackBoxAdapter adapter;
  private BlockCall call;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("twinguard-bench");
    model = dir.resolve("thermal");
    Files.writeString(model, MODEL);
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rwxr-xr-x"));
    sandbox = Sandbox.create(new SandboxOptions(
        Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"), dir.resolve("store")));
    limits = new Limits(10_000, 256L << 20, 1 << 20, 16L << 20);
    pumps = Executors.newCachedThreadPool();
    vertx = Vertx.vertx();
    JsonObject settings = new JsonObject()
        .put("executable", model.toString())
        .put("max_concurrent", 1)
        .put("operations", new JsonArray().add(new JsonObject()
            .put("block", "model/thermal").put("operation", "predict")
            .put("response_schema", new JsonObject().put("type", "object")
                .put("required", new JsonArray().add("predicted_c"))
                .put("properties", new JsonObject().put("predicted_c", new JsonObject().put("type", "number"))))));
    adapter = (BlackBoxAdapter) new BlackBoxFactory(sandbox).create(vertx, "t", settings, "bench")
        .toCompletionStage().toCompletableFuture().join();
    call = new BlockCall("t", BlockRef.parse("model/thermal"), "predict", INPUT, "c", "p", List.of(), "d");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    adapter.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    pumps.shutdown();
  }

  private RunResult direct(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(INPUT);
    } catch (IOException e) {
      // /bin/true does not read its input, as in the sandboxed run
    }
    byte[] out = process.getInputStream().readAllBytes();
    return new RunResult(process.waitFor(), out, false, false, false, false, false);
  }

  private RunResult sandboxed(List<String> command) throws IOException, InterruptedException {
    return SandboxRun.run(sandbox.command(limits, List.of(new Sandbox.Bind(model, "/model/thermal")), Map.of(), command), INPUT, limits, pumps);
  }

  @Benchmark
  public RunResult trueDirect() throws IOException, InterruptedException {
    return direct(List.of("/bin/true"));
  }

  @Benchmark
  public RunResult trueSandboxed() throws IOException, InterruptedException {
    return sandboxed(List.of("/bin/true"));
  }

  @Benchmark
  public RunResult pythonModelDirect() throws IOException, InterruptedException {
    return direct(List.of(model.toString()));
  }

  @Benchmark
  public RunResult pythonModelSandboxed() throws IOException, InterruptedException {
    return sandboxed(List.of("/model/thermal"));
  }

  @Benchmark
  public AdapterResponse pythonModelThroughAdapter() {
    return adapter.call(call).toCompletionStage().toCompletableFuture().join();
  }
}
