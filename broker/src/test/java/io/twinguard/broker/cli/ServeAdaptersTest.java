package io.twinguard.broker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.serve.Running;
import io.twinguard.broker.serve.Serve;
import io.twinguard.broker.serve.StartupException;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinguard serve} with a twin declared by its adapter: the standard adapter types are wired
 * from the settings, the twin's adapter runs from the start and serves calls, {@code /ready} reports
 * its health, and a registry whose adapter settings are wrong is refused at start, naming the path.
 */
class ServeAdaptersTest {

  /** A meter that speaks its own JSON: the rest-mapping adapter maps {@code kwh} to {@code energy_kwh}. */
  private static final String METER = """
        - id: spiffe://test.example/twin/meter
          org: grid-co
          class: meter
          adapter:
            type: rest-mapping
            settings:
              base_url: ${BASE_URL}
              version: v1
              operations:
                - block: data/reading
                  operation: read
                  formats:
                    v1:
                      method: GET
                      path: /reading
                      response:
                        - {from: /kwh, to: /energy_kwh}
          blocks:
            - {kind: data, name: reading, operations: {read: {}}}
      """;

  @TempDir Path dir;

  private Path registry(String baseUrl) throws Exception {
    Path registry = dir.resolve("registry.yaml");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/registry.yaml")) {
      Files.writeString(registry, new String(in.readAllBytes(), StandardCharsets.UTF_8) + METER.replace("${BASE_URL}", baseUrl));
    }
    return registry;
  }

  private TwinguardSettings settings(Path registry) {
    return SettingsLoader.defaults().environment(Map.of("TWINGUARD_LISTEN_PORT", "0",
        "TWINGUARD_REGISTRY", registry.toString(), "TWINGUARD_DATA_DIR", dir.resolve("data").toString(),
        "TWINGUARD_CA_DIR", dir.resolve("ca").toString())).load().settings();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void serve_withATwinDeclaredByItsAdapter_servesItAndReportsTheAdaptersHealth() throws Exception {
    CaDirectory ca = CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256,
        Clock.systemUTC());
    CaDirectory.Issued office = ca.issueTwin(SpiffeId.parse("spiffe://test.example/twin/office"), KeyAlgorithm.ECDSA_P256,
        Duration.ofDays(1));
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer meter = await(vertx.createHttpServer()
          .requestHandler(request -> request.response().putHeader("content-type", "application/json")
              .end(new JsonObject().put("kwh", 12.5).put("customer", "c-77").encode()))
          .listen(0, "127.0.0.1"));
      try (Running running = Serve.start(settings(registry("http://127.0.0.1:" + meter.actualPort())), Clock.systemUTC(),
          new PrintWriter(new StringWriter()))) {
        WebClient web = WebClient.create(vertx, new WebClientOptions().setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(office.certificate())))
                .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(office.keyPair().getPrivate()))))
            .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.trustMaterial().caCertificatePem()))));

        HttpResponse<Buffer> read = await(web.post(running.broker().port(), "127.0.0.1", "/v1/twins/meter/data/reading/read")
            .putHeader("Twin-Purpose", "dpv:ServiceProvision").sendJsonObject(new JsonObject()));
        HttpResponse<Buffer> ready = await(web.get(running.broker().port(), "127.0.0.1", "/ready").send());

        assertEquals(200, read.statusCode(), read.bodyAsString());
        assertEquals(new JsonObject().put("energy_kwh", 12.5), read.bodyAsJsonObject(), "only what is mapped");
        JsonObject adapter = ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("adapters")
            .getJsonObject("twins").getJsonObject("meter");
        assertEquals("rest-mapping", adapter.getString("type"), ready.bodyAsString());
        assertTrue(adapter.getBoolean("up"), ready.bodyAsString());
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void serve_withInvalidAdapterSettings_isRefusedAtStartNamingThePath() throws Exception {
    CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    Path registry = registry("http://127.0.0.1:1");
    Files.writeString(registry, Files.readString(registry).replace("base_url:", "base_urll:"));

    StartupException e = assertThrows(StartupException.class,
        () -> Serve.start(settings(registry), Clock.systemUTC(), new PrintWriter(new StringWriter())));

    assertTrue(e.getMessage().contains("twins[3].adapter.settings.base_url: required"), e.getMessage());
  }
}
