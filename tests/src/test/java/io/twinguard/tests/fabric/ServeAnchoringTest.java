package io.twinguard.tests.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.serve.Running;
import io.twinguard.broker.serve.Serve;
import io.twinguard.broker.serve.StartupException;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinguard serve} with {@code fabric.dir} set: the broker records every call, refusals
 * included, and its audit log's checkpoints are anchored on the real Fabric network.
 */
@ExtendWith(SharedFabric.class)
class ServeAnchoringTest {

  @TempDir Path dir;

  @Test
  void serve_withFabricDir_anchorsTheCheckpointsOfItsRecords(FabricTestNetwork network) throws Exception {
    CaDirectory.init(dir.resolve("ca"), new TrustDomain("city.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    Path registry = dir.resolve("registry.yaml");
    try (InputStream in = getClass().getResourceAsStream("/smart-city-registry.yaml")) {
      Files.write(registry, in.readAllBytes());
    }
    TwinguardSettings settings = settings(Map.of(
        "TWINGUARD_LISTEN_PORT", "0",
        "TWINGUARD_REGISTRY", registry.toString(),
        "TWINGUARD_DATA_DIR", dir.resolve("data").toString(),
        "TWINGUARD_CA_DIR", dir.resolve("ca").toString(),
        "TWINGUARD_LOG_ORIGIN", "serve.test/" + dir.getFileName(),
        "TWINGUARD_FABRIC_DIR", network.home().toString(),
        "TWINGUARD_ANCHOR_EVERY_MS", "200"));
    StringWriter out = new StringWriter();
    Vertx client = Vertx.vertx();
    try (Running running = Serve.start(settings, Clock.systemUTC(), new PrintWriter(out))) {
      assertTrue(out.toString().contains("anchored on Fabric"), out.toString());
      WebClient web = WebClient.create(client, new WebClientOptions().setSsl(true).setTrustOptions(
          new PemTrustOptions().addCertValue(Buffer.buffer(Files.readString(dir.resolve("ca").resolve(CaDirectory.CERT_FILE))))));
      for (int i = 0; i < 3; i++) {
        int status = web.post(running.broker().port(), "127.0.0.1", "/v1/twins/hvac-room-12/model/thermal/predict")
            .send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();
        assertEquals(401, status, "a call without a client certificate is refused, and recorded");
      }

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (running.anchoring().orElseThrow().service().status().anchoredSize() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }

      assertEquals(3, running.anchoring().orElseThrow().service().status().anchoredSize(),
          running.anchoring().orElseThrow().service().status().toString());
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static TwinguardSettings settings(Map<String, String> environment) {
    return SettingsLoader.defaults().environment(environment).load().settings();
  }
}
