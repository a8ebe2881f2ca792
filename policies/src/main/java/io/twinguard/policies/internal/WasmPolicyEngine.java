package io.twinguard.policies.internal;

import com.styra.opa.wasm.OpaPolicy;
import io.netty.util.concurrent.EventExecutor;
import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluates the bundle's {@code policy.wasm} in-process (opa-java-wasm on Chicory, compiled to JVM
 * bytecode) on the calling thread: one instance per event loop of the engine's Vert.x, used only by
 * that loop's thread, so a decision asked on an event loop is made right there, with no thread hop
 * and no timer, and its future is complete when {@code decide} returns. Any other caller's decision
 * goes to the engine's worker thread and its own instance, and its future completes on the caller's
 * Vert.x context (or on the worker when the caller has none).
 *
 * <p>A {@link Watchdog} thread interrupts an evaluation that overruns the timeout; Chicory stops it
 * at the next call or loop, the decision is undecided, and the instance is replaced off the event
 * loop (meanwhile that loop's decisions go to the worker). Instances are created when a bundle
 * loads, in parallel on Vert.x worker threads, never per call and never on an event loop.
 * {@link #load} swaps a whole new set in at once: an evaluation running keeps its instance, and
 * every decision asked after the swap uses the new bundle.
 */
public final class WasmPolicyEngine implements InProcessPolicyEngine {

  /** How many decisions may wait for the worker before it refuses (undecided). */
  private static final int WORKER_QUEUE = 4096;

  private final Vertx vertx;
  private final Evaluator evaluator;
  private final List<Lane> lanes;
  private final Map<Thread, Lane> loopLanes;
  private final Lane workerLane;
  private final WorkerLane worker;
  private final Watchdog watchdog;
  private final AtomicLong loads = new AtomicLong();
  private volatile PolicyInstances active;
  private volatile boolean closed;

  private WasmPolicyEngine(Vertx vertx, List<Thread> loops, Duration timeout) {
    this.vertx = vertx;
    this.evaluator = new Evaluator(timeout);
    long epoch = System.nanoTime() - 1;
    List<Lane> all = new ArrayList<>();
    Map<Thread, Lane> byThread = new HashMap<>();
    for (Thread loop : loops) {
      Lane lane = new Lane(all.size(), loop, epoch);
      all.add(lane);
      byThread.put(loop, lane);
    }
    this.worker = new WorkerLane(WORKER_QUEUE);
    this.workerLane = new Lane(all.size(), worker.thread(), epoch);
    all.add(workerLane);
    this.lanes = List.copyOf(all);
    this.loopLanes = Map.copyOf(byThread);
    this.watchdog = new Watchdog(lanes, timeout, epoch);
    worker.start();
    watchdog.start();
  }

  /**
   * An engine for the event loops of {@code vertx}, without a bundle yet (every decision is
   * undecided until {@link #load} completes).
   *
   * @throws IllegalArgumentException when the timeout is not positive or {@code vertx} is not
   *     Vert.x's own implementation (whose event loops the engine must know)
   */
  public static Future<WasmPolicyEngine> create(Vertx vertx, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the policy timeout must be positive");
    }
    if (!(vertx instanceof VertxInternal internal)) {
      throw new IllegalArgumentException("not a Vert.x instance whose event loops can be listed: " + vertx);
    }
    List<Future<Thread>> loops = new ArrayList<>();
    for (EventExecutor loop : internal.eventLoopGroup()) {
      Promise<Thread> thread = Promise.promise();
      loop.execute(() -> thread.complete(Thread.currentThread()));
      loops.add(thread.future());
    }
    return Future.all(loops).map(all -> new WasmPolicyEngine(vertx, all.list(), timeout));
  }

  /**
   * An engine that decides only on its worker thread, whatever thread asks: one instance, and no
   * decision ever evaluated on a caller's event loop (for work that must stay off the answer's
   * path, such as shadow decisions, and for bulk work such as replay).
   *
   * @throws IllegalArgumentException when the timeout is not positive
   */
  public static WasmPolicyEngine createDetached(Vertx vertx, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the policy timeout must be positive");
    }
    return new WasmPolicyEngine(vertx, List.of(), timeout);
  }

  /**
   * Builds one instance per lane of {@code bundle} off the event loops, then makes it the active
   * bundle. Fails, and the previous bundle stays active, when the bundle has no Wasm module, the
   * module does not load, the engine is closed, or a later load finished first.
   */
  @Override
  public Future<String> load(Bundle bundle) {
    if (bundle.wasm().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("bundle " + bundle.revision() + " has no policy.wasm"));
    }
    long sequence = loads.incrementAndGet();
    List<Future<OpaPolicy>> built = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) {
      built.add(vertx.executeBlocking(() -> PolicyInstances.create(bundle), false));
    }
    return Future.all(built).compose(all -> activate(new PolicyInstances(bundle, sequence, all.list())));
  }

  private synchronized Future<String> activate(PolicyInstances instances) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the policy engine is closed"));
    }
    PolicyInstances current = active;
    if (current != null && current.sequence() > instances.sequence()) {
      return Future.failedFuture(new IllegalStateException(
          "bundle " + instances.revision() + " was superseded by " + current.revision() + " while it loaded"));
    }
    active = instances;
    return Future.succeededFuture(instances.revision());
  }

  /**
   * Decides on the calling event loop when it is one of the engine's, else on the worker. Never
   * fails; never blocks the caller longer than the timeout (plus copying the input and result).
   */
  @Override
  public Future<Decision> decide(JsonObject input) {
    PolicyInstances instances = active;
    if (closed || instances == null) {
      return Future.succeededFuture(new Decision.Undecided(
          closed ? "the policy engine is closed" : "no policy bundle is active", revision()));
    }
    String json;
    try {
      json = input.encode();
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Decision.Undecided("the policy input cannot be encoded as JSON", revision()));
    }
    Lane lane = loopLanes.get(Thread.currentThread());
    OpaPolicy policy = lane == null ? null : instances.of(lane);
    if (policy == null) {
      return onWorker(json);
    }
    return Future.succeededFuture(evaluate(lane, instances, policy, json));
  }

  private Decision evaluate(Lane lane, PolicyInstances instances, OpaPolicy policy, String input) {
    Evaluator.Outcome outcome = evaluator.evaluate(lane, policy, input, instances.revision());
    if (outcome.health() == Evaluator.Health.INTERRUPTED && instances.retire(lane, policy)) {
      replace(lane, instances);
    }
    return outcome.decision();
  }

  /** A new instance for a lane whose evaluation was interrupted, built off the event loops. */
  private void replace(Lane lane, PolicyInstances instances) {
    if (lane == workerLane) {
      // the worker's own thread: blocking here only delays the worker's queue
      try {
        instances.install(lane, PolicyInstances.create(instances.bundle()));
      } catch (RuntimeException e) {
        // the slot stays empty: the worker answers undecided until the next load
      }
      return;
    }
    vertx.executeBlocking(() -> PolicyInstances.create(instances.bundle()), false)
        .onSuccess(replacement -> instances.install(lane, replacement));
  }

  private Future<Decision> onWorker(String input) {
    Context caller = Vertx.currentContext();
    Promise<Decision> decided = Promise.promise();
    Runnable task = () -> {
      Decision decision = decideOnWorker(input);
      if (caller == null) {
        decided.complete(decision);
      } else {
        caller.runOnContext(ignored -> decided.complete(decision));
      }
    };
    if (!worker.offer(task)) {
      return Future.succeededFuture(new Decision.Undecided(
          closed ? "the policy engine is closed" : "the policy engine's worker queue is full", revision()));
    }
    return decided.future();
  }

  private Decision decideOnWorker(String input) {
    PolicyInstances instances = active;
    if (closed || instances == null) {
      return new Decision.Undecided("the policy engine is closed", revision());
    }
    OpaPolicy policy = instances.of(workerLane);
    if (policy == null) {
      return new Decision.Undecided("the worker's policy instance could not be rebuilt", instances.revision());
    }
    return evaluate(workerLane, instances, policy, input);
  }

  @Override
  public String revision() {
    PolicyInstances instances = active;
    return instances == null ? "none" : instances.revision();
  }

  /** Stops the watchdog and the worker; later decisions are undecided. */
  @Override
  public synchronized void close() {
    closed = true;
    watchdog.stop();
    worker.close();
  }
}
