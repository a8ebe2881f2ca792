package io.twinguard.policies.internal;

import com.styra.opa.wasm.OpaPolicy;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evaluates the bundle's {@code policy.wasm} in-process (opa-java-wasm on Chicory, compiled to
 * JVM bytecode, never interpreted). An {@link OpaPolicy} is not thread-safe, so the engine keeps
 * one instance per worker thread: a worker borrows one, evaluates and gives it back. Instances are
 * created when a bundle is loaded, never per call. Loading a new bundle builds a new set of
 * instances off the event loop and then swaps it in; evaluations already running finish on the
 * old set, so a reload drops no decision.
 */
public final class WasmPolicyEngine implements InProcessPolicyEngine {

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final int size;
  private final Duration timeout;
  private final AtomicReference<Instances> active = new AtomicReference<>();
  private volatile boolean closed;

  private record Instances(String revision, BlockingQueue<OpaPolicy> pool) {}

  /**
   * An engine with {@code size} instances and as many worker threads, without a bundle yet (it
   * denies every call until {@link #load} completes).
   */
  public WasmPolicyEngine(Vertx vertx, int size, Duration timeout) {
    if (size < 1) {
      throw new IllegalArgumentException("the engine needs at least one instance");
    }
    this.vertx = vertx;
    this.size = size;
    this.timeout = timeout;
    this.workers = vertx.createSharedWorkerExecutor("twinguard-policy-wasm-" + System.identityHashCode(this), size, 60, TimeUnit.SECONDS);
  }

  /**
   * Makes {@code bundle} the active one once its instances are built; fails (and keeps the
   * previous bundle) when the bundle has no Wasm module or the module does not load.
   */
  @Override
  public Future<String> load(Bundle bundle) {
    if (bundle.wasm().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("bundle " + bundle.revision() + " has no policy.wasm"));
    }
    return vertx.executeBlocking(() -> instantiate(bundle), false)
        .map(instances -> {
          active.set(instances);
          return instances.revision();
        });
  }

  private Instances instantiate(Bundle bundle) {
    byte[] wasm = bundle.wasm().orElseThrow();
    List<OpaPolicy> created = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      OpaPolicy policy = OpaPolicy.builder().withPolicy(wasm).addBuiltins(HostBuiltins.all()).build();
      policy.entrypoint(ENTRYPOINT);
      policy.data(bundle.data());
      created.add(policy);
    }
    return new Instances(bundle.revision(), new ArrayBlockingQueue<>(size, false, created));
  }

  @Override
  public Future<Decision> decide(JsonObject input) {
    Instances instances = active.get();
    if (closed || instances == null) {
      return Future.succeededFuture(Decision.unavailable("no policy bundle is active", revision()));
    }
    String json = input.encode();
    Promise<Decision> decided = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), id -> decided.tryComplete(
        Decision.unavailable("policy evaluation timed out after " + timeout.toMillis() + " ms", instances.revision())));
    workers.executeBlocking(() -> evaluate(instances, json), false)
        .map(result -> Decision.fromResult(result, instances.revision()))
        .otherwise(failure -> Decision.unavailable(
            "policy evaluation failed: " + failure.getClass().getSimpleName(), instances.revision()))
        .onComplete(done -> {
          vertx.cancelTimer(timer);
          decided.tryComplete(done.result());
        });
    return decided.future();
  }

  private static JsonObject evaluate(Instances instances, String input) throws InterruptedException {
    OpaPolicy policy = instances.pool().take();
    try {
      JsonArray results = new JsonArray(policy.evaluate(input));
      if (results.isEmpty()) {
        throw new IllegalStateException("the decision is undefined");
      }
      return results.getJsonObject(0).getJsonObject("result");
    } finally {
      instances.pool().add(policy);
    }
  }

  @Override
  public String revision() {
    Instances instances = active.get();
    return instances == null ? "none" : instances.revision();
  }

  @Override
  public void close() {
    closed = true;
    workers.close();
  }
}
