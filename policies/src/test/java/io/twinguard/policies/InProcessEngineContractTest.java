package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Vertx;

/** The engine contract against the in-process Wasm engine and the bundle built into the jar. */
class InProcessEngineContractTest extends PolicyEngineContract {

  @Override
  PolicyEngine start(Vertx vertx) throws Exception {
    return await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), 2,
        InProcessPolicyEngine.DEFAULT_TIMEOUT));
  }
}
