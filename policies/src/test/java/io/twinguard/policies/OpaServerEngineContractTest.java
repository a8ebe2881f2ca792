package io.twinguard.policies;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The engine contract against a real {@code opa run --server} serving the same policies as Rego. */
class OpaServerEngineContractTest extends PolicyEngineContract {

  private OpaServer opa;
  private Path log;

  @Override
  PolicyEngine start(Vertx vertx) throws Exception {
    log = Files.createTempFile("opa-contract", ".log");
    opa = OpaServer.start(log, "--bundle", OpaServer.buildBundle().toString());
    return RemotePolicyEngines.opaServer(vertx, opa.uri(), Duration.ofSeconds(5));
  }

  @Override
  void stopBackend() {
    opa.close();
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
