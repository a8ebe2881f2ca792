package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;

import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The engine contract against the in-process Wasm engine and the bundle built into the jar. */
class InProcessEngineContractTest extends PolicyEngineContract {

  @Override
  PolicyEngine start(Vertx vertx) throws Exception {
    return await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
        InProcessPolicyEngine.DEFAULT_TIMEOUT));
  }

  @Override
  PolicyEngine startOn(Vertx vertx, Path sources, String revision, Path work) throws Exception {
    Path bundle = work.resolve(revision + ".tar.gz");
    Process build = new ProcessBuilder(TestSupport.opa().toString(), "build", "-t", "wasm",
        "-e", PolicyEngine.ENTRYPOINT, "--revision", revision, "-o", bundle.toString(), sources.toString())
        .redirectErrorStream(true).start();
    String output = new String(build.getInputStream().readAllBytes());
    if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
      throw new IllegalStateException("opa build failed: " + output);
    }
    return await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.fromTarGz(Files.readAllBytes(bundle))),
        InProcessPolicyEngine.DEFAULT_TIMEOUT));
  }
}
