package io.twinguard.policies.internal;

import com.styra.opa.wasm.OpaPolicy;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One bundle's compiled policy instances, one per lane. An {@link OpaPolicy} is not thread-safe
 * and each lane has one thread, so an instance is only ever used by its lane's thread. A lane's
 * slot is empty while its instance is being replaced after an interrupted evaluation.
 */
final class PolicyInstances {

  private final Bundle bundle;
  private final long sequence;
  private final AtomicReferenceArray<OpaPolicy> byLane;

  /**
   * @param sequence the number of the load that built these, to keep a slow older load from
   *     replacing a newer one
   */
  PolicyInstances(Bundle bundle, long sequence, List<OpaPolicy> byLane) {
    this.bundle = bundle;
    this.sequence = sequence;
    this.byLane = new AtomicReferenceArray<>(byLane.toArray(OpaPolicy[]::new));
  }

  /**
   * Compiles the bundle's module to JVM bytecode (slow: hundreds of milliseconds; never call it on
   * an event loop) and loads its data.
   *
   * @throws IllegalArgumentException when the bundle has no Wasm module
   * @throws RuntimeException when the module does not load (not a policy module, wrong ABI,
   *     missing entrypoint)
   */
  static OpaPolicy create(Bundle bundle) {
    byte[] wasm = bundle.wasm().orElseThrow(
        () -> new IllegalArgumentException("bundle " + bundle.revision() + " has no policy.wasm"));
    OpaPolicy policy = OpaPolicy.builder().withPolicy(wasm).addBuiltins(HostBuiltins.all()).build();
    policy.entrypoint(PolicyEngine.ENTRYPOINT);
    policy.data(bundle.data());
    return policy;
  }

  Bundle bundle() {
    return bundle;
  }

  String revision() {
    return bundle.revision();
  }

  long sequence() {
    return sequence;
  }

  /** The lane's instance, or null while it is being replaced. */
  OpaPolicy of(Lane lane) {
    return byLane.get(lane.index());
  }

  /** Empties the lane's slot if it still holds {@code broken}; true when this call emptied it. */
  boolean retire(Lane lane, OpaPolicy broken) {
    return byLane.compareAndSet(lane.index(), broken, null);
  }

  /** Fills the lane's emptied slot. */
  void install(Lane lane, OpaPolicy replacement) {
    byLane.compareAndSet(lane.index(), null, replacement);
  }
}
