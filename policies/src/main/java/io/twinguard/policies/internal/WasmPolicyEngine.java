package io.twinguard.policies.internal;

import com.styra.opa.wasm.OpaPolicy;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final ExecutorService workers;
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
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(size, task -> {
      Thread thread = new Thread(task, "twinguard-policy-wasm-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
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

  /**
   * Evaluates on a worker thread. A caller on a Vert.x context gets the result on that context; a
   * caller elsewhere gets it on the worker (one thread hop fewer). The timeout uses the JDK's
   * shared delay queue rather than a Vert.x timer, which would wake an event loop per call.
   */
  @Override
  public Future<Decision> decide(JsonObject input) {
    Instances instances = active.get();
    if (closed || instances == null) {
      return Future.succeededFuture(Decision.unavailable("no policy bundle is active", revision()));
    }
    String json = input.encode();
    Context context = Vertx.currentContext();
    Promise<Decision> decided = Promise.promise();
    CompletableFuture<JsonObject> evaluation;
    try {
      evaluation = CompletableFuture.supplyAsync(() -> evaluate(instances, json), workers);
    } catch (RejectedExecutionException e) {
      return Future.succeededFuture(Decision.unavailable("the policy engine is closed", instances.revision()));
    }
    evaluation.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((result, failure) -> {
      Decision decision = decision(result, failure, instances.revision());
      if (context == null) {
        decided.complete(decision);
      } else {
        context.runOnContext(ignored -> decided.complete(decision));
      }
    });
    return decided.future();
  }

  private Decision decision(JsonObject result, Throwable failure, String revision) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      return cause instanceof TimeoutException
          ? Decision.unavailable("policy evaluation timed out after " + timeout.toMillis() + " ms", revision)
          : Decision.unavailable("policy evaluation failed: " + cause.getClass().getSimpleName(), revision);
    }
    try {
      return Decision.fromResult(result, revision);
    } catch (IllegalArgumentException e) {
      return Decision.unavailable("the policy returned no valid decision", revision);
    }
  }

  private static JsonObject evaluate(Instances instances, String input) {
    // never waits: there are as many instances as worker threads
    OpaPolicy policy = instances.pool().poll();
    if (policy == null) {
      throw new IllegalStateException("no free policy instance");
    }
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
    workers.shutdown();
  }
}
