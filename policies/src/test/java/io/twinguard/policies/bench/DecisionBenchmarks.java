package io.twinguard.policies.bench;

import com.styra.opa.wasm.OpaPolicy;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.OpaServer;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.RemotePolicyEngines;
import io.twinguard.policies.TestSupport;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.twinguard.policies.internal.HostBuiltins;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One policy decision for {@code policies/benchmarks/input.json} (1 subject, 3 consents, about
 * 1.3 KB), four ways: the Wasm module called directly, the in-process engine's API from a caller on
 * an event loop and from a plain thread, and the OPA server engine from a caller on an event loop.
 * Sample time per decision: its percentiles give the p50, its mean the throughput of one caller.
 * {@link PolicyBenchmarks} runs them all with {@code opa bench} and reports the ratios.
 *
 * <p>A caller on an event loop cannot be the JMH thread, which would block the loop while it waits:
 * each invocation hands the loop a batch of decisions made one after the other (each asked when
 * the previous one is answered) and waits for the batch, so the hand-over is paid once per batch.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmarks {

  /** Decisions per invocation for a caller on an event loop. */
  static final int BATCH = 100;

  /** Decisions per invocation through the OPA server, whose decisions are slower. */
  static final int REMOTE_BATCH = 20;

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  static String input() throws IOException {
    Path file = TestSupport.root().resolve("policies/benchmarks/input.json");
    return new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).encode();
  }

  /** The compiled module on the benchmark thread, as the engine holds it. */
  @State(Scope.Thread)
  public static class Wasm {
    OpaPolicy policy;
    String input;

    @Setup(Level.Trial)
    public void load() throws IOException {
      Bundle bundle = Bundle.fromFiles(BundleFiles.bundled());
      policy = OpaPolicy.builder().withPolicy(bundle.wasm().orElseThrow()).addBuiltins(HostBuiltins.all()).build();
      policy.entrypoint(PolicyEngine.ENTRYPOINT);
      policy.data(bundle.data());
      input = input();
    }
  }

  /** An engine, the input, and an event-loop context to call it from. */
  public abstract static class Caller {
    Vertx vertx;
    PolicyEngine engine;
    JsonObject input;
    Context loop;

    abstract PolicyEngine start() throws Exception;

    @Setup(Level.Trial)
    public void startEngine() throws Exception {
      vertx = Vertx.vertx();
      input = new JsonObject(input());
      engine = start();
      // asked from a thread that is not Vert.x's, this is a new context on one of its event loops
      loop = vertx.getOrCreateContext();
    }

    @TearDown(Level.Trial)
    public void stopEngine() throws Exception {
      engine.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** {@code count} decisions one after the other on the event loop; fails on any but allow. */
    void decideOnLoop(int count) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.runOnContext(ignored -> next(count, done));
      done.join();
    }

    private void next(int left, CompletableFuture<Void> done) {
      engine.decide(input).onComplete(decided -> {
        if (!decided.succeeded() || !decided.result().allowed()) {
          done.completeExceptionally(new IllegalStateException("the benchmark input must be allowed: " + decided));
        } else if (left == 1) {
          done.complete(null);
        } else {
          next(left - 1, done);
        }
      });
    }
  }

  /** The in-process engine on the bundle built into the jar. */
  @State(Scope.Benchmark)
  public static class InProcess extends Caller {
    @Override
    PolicyEngine start() throws Exception {
      return TestSupport.await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
          TIMEOUT));
    }
  }

  /** The OPA server engine asking a real {@code opa run --server} on loopback. */
  @State(Scope.Benchmark)
  public static class Remote extends Caller {
    OpaServer opa;
    Path log;

    @Override
    PolicyEngine start() throws Exception {
      log = Files.createTempFile("opa-bench-server", ".log");
      opa = OpaServer.start(log, "--bundle", OpaServer.buildBundle().toString());
      return RemotePolicyEngines.opaServer(vertx, opa.uri(), TIMEOUT);
    }

    @TearDown(Level.Trial)
    public void stopServer() throws IOException {
      opa.close();
      Files.deleteIfExists(log);
    }
  }

  /** (a) The evaluation alone: input copied in, evaluated, result copied out as JSON text. */
  @Benchmark
  public String wasmDirect(Wasm wasm) {
    return wasm.policy.evaluate(wasm.input);
  }

  /** (b) The engine API from a caller on an event loop. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void engineOnEventLoop(InProcess engine) {
    engine.decideOnLoop(BATCH);
  }

  /**
   * What {@link #engineOnEventLoop} costs without deciding: handing the batch to the event loop and
   * waiting for it, per decision of a batch.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void handOverOnly(InProcess engine) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    engine.loop.runOnContext(ignored -> done.complete(null));
    done.join();
  }

  /** The engine API from a thread that is not Vert.x's (the benchmark thread waits for each answer). */
  @Benchmark
  public Decision engineFromPlainThread(InProcess engine) {
    return engine.engine.decide(engine.input).toCompletionStage().toCompletableFuture().join();
  }

  /** (c) The OPA server engine from a caller on an event loop. */
  @Benchmark
  @OperationsPerInvocation(REMOTE_BATCH)
  public void opaServerOnEventLoop(Remote remote) {
    remote.decideOnLoop(REMOTE_BATCH);
  }
}
