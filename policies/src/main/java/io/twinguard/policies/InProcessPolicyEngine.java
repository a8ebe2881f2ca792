package io.twinguard.policies;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.internal.WasmPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A {@link PolicyEngine} that evaluates the bundle's Wasm module in this JVM, on the calling event
 * loop, and can swap in a new bundle while it decides (hot reload).
 *
 * <p>Threading: {@link #decide} may be called from any thread.
 * <ul>
 *   <li>On an event loop of the engine's Vert.x (a verticle, a request handler): the decision is
 *       evaluated right there on that loop's own policy instance, and the returned future is
 *       already complete: no thread hop, no timer. The loop is blocked for the evaluation (about
 *       the time of the Wasm call), never longer than the timeout.
 *   <li>Anywhere else (a Vert.x worker, a plain thread, another Vert.x instance): the decision is
 *       evaluated on the engine's worker thread, and the future completes on the caller's Vert.x
 *       context, or on that worker when the caller has none.
 * </ul>
 * An evaluation that overruns the timeout is interrupted (within the timeout plus a thread wake-up)
 * and is {@link Decision.Undecided}; its instance is replaced off the event loop.
 *
 * <p>Hot reload: {@link #load} builds a whole new set of instances off the event loops and then
 * swaps it in at once; a decision already running finishes on its instance, and every decision
 * asked after the swap is made by the new bundle. No decision is dropped.
 */
public interface InProcessPolicyEngine extends PolicyEngine {

  /** How long an evaluation may take before it is interrupted and undecided. */
  Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  /**
   * Makes {@code bundle} active; the future fails, and the previous bundle stays active, when the
   * bundle has no Wasm module, it does not load, the engine is closed, or a later load finished
   * first. Succeeds with the new revision.
   */
  Future<String> load(Bundle bundle);

  /**
   * Starts an engine for the event loops of {@code vertx} (one instance per event loop, plus one
   * for its worker thread) with {@code bundle} active. Fails when the bundle does not load.
   *
   * @throws IllegalArgumentException when the timeout is not positive
   */
  static Future<InProcessPolicyEngine> start(Vertx vertx, Bundle bundle, Duration timeout) {
    return WasmPolicyEngine.create(vertx, timeout).compose(engine -> engine.load(bundle)
        .<InProcessPolicyEngine>map(revision -> engine)
        .onFailure(failure -> engine.close()));
  }

  /**
   * Starts an engine that never evaluates on the caller's thread: every decision, from an event
   * loop or anywhere else, goes to the engine's one worker thread (a bounded queue of 4,096; a full
   * queue is undecided) and its future completes on the caller's context. One policy instance
   * only, so it starts in a fraction of the time {@link #start} takes. For decisions that must never
   * delay an answer (shadow mode) and for bulk work (replay). Fails when the bundle does not load.
   *
   * @throws IllegalArgumentException when the timeout is not positive
   */
  static Future<InProcessPolicyEngine> startDetached(Vertx vertx, Bundle bundle, Duration timeout) {
    WasmPolicyEngine engine = WasmPolicyEngine.createDetached(vertx, timeout);
    return engine.load(bundle)
        .<InProcessPolicyEngine>map(revision -> engine)
        .onFailure(failure -> engine.close());
  }
}
