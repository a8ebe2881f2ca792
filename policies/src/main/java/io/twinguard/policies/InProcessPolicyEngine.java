package io.twinguard.policies;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.internal.WasmPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;

/**
 * A {@link PolicyEngine} that evaluates the bundle's Wasm module in this JVM and can swap in a new
 * bundle while it decides (hot reload: decisions in flight finish on the bundle they started
 * with).
 */
public interface InProcessPolicyEngine extends PolicyEngine {

  /** One instance per event loop of a default Vert.x: each event loop may have one evaluation running. */
  int DEFAULT_INSTANCES = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;

  /** How long a decision may take before it is denied as {@code policy_unavailable}. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Makes {@code bundle} active; the future fails, and the previous bundle stays active, when the
   * bundle has no Wasm module or it does not load. Succeeds with the new revision.
   */
  Future<String> load(Bundle bundle);

  /**
   * Starts an engine with {@code instances} Wasm instances (and as many worker threads) and the
   * given bundle active.
   */
  static Future<InProcessPolicyEngine> start(Vertx vertx, Bundle bundle, int instances, Duration timeout) {
    WasmPolicyEngine engine = new WasmPolicyEngine(vertx, instances, timeout);
    return engine.load(bundle)
        .<InProcessPolicyEngine>map(revision -> engine)
        .onFailure(failure -> engine.close());
  }
}
