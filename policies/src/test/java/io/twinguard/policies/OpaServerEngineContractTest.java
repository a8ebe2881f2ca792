package io.twinguard.policies;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The engine contract against real {@code opa run --server} processes serving the policies as Rego. */
class OpaServerEngineContractTest extends PolicyEngineContract {

  private final List<OpaServer> servers = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();

  private PolicyEngine serve(Vertx vertx, Path bundle) throws Exception {
    Path log = Files.createTempFile("opa-contract", ".log");
    logs.add(log);
    OpaServer opa = OpaServer.start(log, "--bundle", bundle.toString());
    servers.add(opa);
    return RemotePolicyEngines.opaServer(vertx, opa.uri(), Duration.ofSeconds(5));
  }

  @Override
  PolicyEngine start(Vertx vertx) throws Exception {
    return serve(vertx, OpaServer.buildBundle());
  }

  @Override
  PolicyEngine startOn(Vertx vertx, Path sources, String revision, Path work) throws Exception {
    Path bundle = work.resolve(revision + ".tar.gz");
    Process build = new ProcessBuilder(TestSupport.opa().toString(), "build", "--revision", revision,
        "-o", bundle.toString(), sources.toString()).redirectErrorStream(true).start();
    String output = new String(build.getInputStream().readAllBytes());
    if (!build.waitFor(60, TimeUnit.SECONDS) || build.exitValue() != 0) {
      throw new IllegalStateException("opa build failed: " + output);
    }
    return serve(vertx, bundle);
  }

  @Override
  void stopBackend() {
    servers.forEach(OpaServer::close);
    try {
      for (Path log : logs) {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
