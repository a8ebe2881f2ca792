package io.twinguard.broker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.identity.SigningCertificateApi;
import io.twinguard.broker.serve.Running;
import io.twinguard.broker.serve.Serve;
import io.twinguard.broker.serve.StartupException;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.ChainValidator;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void start_fromConfigFile_servesHealthAndReadinessOverTls() throws Exception {
    CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    Path registry = dir.resolve("registry.yaml");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/registry.yaml")) {
      Files.write(registry, in.readAllBytes());
    }
    Path config = dir.resolve("twinguard.yaml");
    Files.writeString(config, "listen:\n  port: 0\nregistry: " + registry + "\ndata_dir: " + dir.resolve("data") + "\n"
        + "ca_dir: " + dir.resolve("ca") + "\n");
    StringWriter out = new StringWriter();

    Vertx client = Vertx.vertx();
    try (Running running = Serve.start(SettingsLoader.defaults().file(Optional.of(config)).environment(Map.of()).load().settings(), Clock.systemUTC(), new PrintWriter(out))) {
      WebClient web = WebClient.create(client, new WebClientOptions().setSsl(true).setTrustOptions(
          new PemTrustOptions().addCertValue(Buffer.buffer(Files.readString(dir.resolve("ca").resolve(CaDirectory.CERT_FILE))))));
      int health = web.get(running.broker().port(), "127.0.0.1", "/health").send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();
      int ready = web.get(running.broker().port(), "127.0.0.1", "/ready").send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();

      String signingPem = web.get(running.broker().port(), "127.0.0.1", SigningCertificateApi.PATH).send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsString();
      X509Certificate signing = TrustMaterial.parseCertificate(signingPem.getBytes(StandardCharsets.US_ASCII));

      assertEquals(200, health);
      assertEquals(200, ready);
      assertTrue(out.toString().contains("3 twins"), out.toString());
      assertTrue(out.toString().contains("consent portal off (identity.keycloak_url unset)"), out.toString());
      assertEquals(404, web.get(running.broker().port(), "127.0.0.1", "/consent/api/v1/openapi.yaml").send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode());
      assertEquals(KeyAlgorithm.ED25519, KeyAlgorithm.of(signing.getPublicKey()), "the broker signs with Ed25519 by default");
      assertEquals("spiffe://test.example/broker", new ChainValidator(CaDirectory.open(dir.resolve("ca"), Clock.systemUTC())
          .trustMaterial()).validate(new X509Certificate[] {signing}, Instant.now()).toString());
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void serve_reloadsTheCrl_soARevokedTwinIsRefusedWithoutRestart() throws Exception {
    CaDirectory ca = CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    CaDirectory.Issued room = ca.issueTwin(SpiffeId.parse("spiffe://test.example/twin/office"), KeyAlgorithm.ECDSA_P256, Duration.ofDays(1));
    Path registry = dir.resolve("registry.yaml");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/registry.yaml")) {
      Files.write(registry, in.readAllBytes());
    }
    TwinguardSettings settings = settings(Map.of("TWINGUARD_LISTEN_PORT", "0", "TWINGUARD_REGISTRY", registry.toString(),
        "TWINGUARD_DATA_DIR", dir.resolve("data").toString(), "TWINGUARD_CA_DIR", dir.resolve("ca").toString(),
        "TWINGUARD_CRL_RELOAD_S", "1"));
    Vertx client = Vertx.vertx();
    try (Running running = Serve.start(settings, Clock.systemUTC(), new PrintWriter(new StringWriter()))) {
      WebClient web = WebClient.create(client, new WebClientOptions().setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions()
              .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(room.certificate())))
              .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(room.keyPair().getPrivate()))))
          .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.trustMaterial().caCertificatePem()))));
      Callable<Integer> call = () -> web.post(running.broker().port(), "127.0.0.1", "/v1/twins/thermostat/model/heating/predict")
          .putHeader("Twin-Purpose", "dpv:ServiceProvision")
          .sendJsonObject(new JsonObject().put("outdoor_c", 3))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode();
      assertEquals(502, call.call(), "authenticated and allowed; the thermostat itself is not running");

      ca.revoke(room.certificate().getSerialNumber());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      int status = call.call();
      while (status != 401 && System.nanoTime() < deadline) {
        Thread.sleep(250);
        status = call.call();
      }

      assertEquals(401, status);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void start_withAKeycloakThatDoesNotAnswer_servesCertificatesAndSaysSoInReady() throws Exception {
    CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    Path registry = dir.resolve("registry.yaml");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/registry.yaml")) {
      Files.write(registry, in.readAllBytes());
    }
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String realm = "http://127.0.0.1:" + closedPort + "/realms/twinguard";
    TwinguardSettings settings = settings(Map.of("TWINGUARD_LISTEN_PORT", "0", "TWINGUARD_REGISTRY", registry.toString(),
        "TWINGUARD_DATA_DIR", dir.resolve("data").toString(), "TWINGUARD_CA_DIR", dir.resolve("ca").toString(),
        "TWINGUARD_IDENTITY_KEYCLOAK_URL", realm, "TWINGUARD_CONSENT_PORTAL", "false"));
    StringWriter out = new StringWriter();
    Vertx client = Vertx.vertx();
    try (Running running = Serve.start(settings, Clock.systemUTC(), new PrintWriter(out))) {
      WebClient web = WebClient.create(client, new WebClientOptions().setSsl(true).setTrustOptions(
          new PemTrustOptions().addCertValue(Buffer.buffer(Files.readString(dir.resolve("ca").resolve(CaDirectory.CERT_FILE))))));
      var ready = web.get(running.broker().port(), "127.0.0.1", "/ready").send()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertEquals(503, ready.statusCode());
      JsonObject identity = ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("identity");
      assertEquals(realm, identity.getString("issuer"));
      assertEquals(false, identity.getBoolean("ready"));
      assertEquals(false, identity.getBoolean("reachable"));
      assertEquals(0, identity.getInteger("keys"));
      assertTrue(out.toString().contains("identity provider " + realm + " (not answering: "), out.toString());
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void start_withoutKeycloakUrl_saysThereIsNoIdentityProvider() throws Exception {
    CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    Path registry = dir.resolve("registry.yaml");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/registry.yaml")) {
      Files.write(registry, in.readAllBytes());
    }
    StringWriter out = new StringWriter();
    try (Running running = Serve.start(settings(Map.of("TWINGUARD_LISTEN_PORT", "0", "TWINGUARD_REGISTRY",
        registry.toString(), "TWINGUARD_DATA_DIR", dir.resolve("data").toString(), "TWINGUARD_CA_DIR",
        dir.resolve("ca").toString())), Clock.systemUTC(), new PrintWriter(out))) {
      assertTrue(out.toString().contains("no identity provider (identity.keycloak_url unset)"), out.toString());
      assertTrue(running.broker().port() > 0);
    }
  }

  @Test
  void start_withoutCa_saysHowToCreateOne() {
    TwinguardSettings settings = settings(Map.of("TWINGUARD_DATA_DIR", dir.toString()));

    StartupException e = assertThrows(StartupException.class,
        () -> Serve.start(settings, Clock.systemUTC(), new PrintWriter(new StringWriter())));

    assertTrue(e.getMessage().contains("twinguard ca init --dir " + dir.resolve("ca")), e.getMessage());
  }

  @Test
  void start_withoutRegistry_namesTheSetting() throws Exception {
    CaDirectory.init(dir.resolve("ca"), new TrustDomain("test.example"), KeyAlgorithm.ECDSA_P256, Clock.systemUTC());
    TwinguardSettings settings = settings(Map.of("TWINGUARD_DATA_DIR", dir.toString()));

    StartupException e = assertThrows(StartupException.class,
        () -> Serve.start(settings, Clock.systemUTC(), new PrintWriter(new StringWriter())));

    assertTrue(e.getMessage().contains("TWINGUARD_REGISTRY"), e.getMessage());
  }

  @Test
  void printConfig_showsEveryValueWithItsSource() throws Exception {
    Path config = dir.resolve("twinguard.yaml");
    Files.writeString(config, "listen:\n  port: 9443\n");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand(Map.of("TWINGUARD_LOG_MAX_BATCH", "64",
        "TWINGUARD_DB_URL", "postgresql://tg:s3cret@db.example:5432/audit")));
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("--config", config.toString(), "--print-config");

    assertEquals(0, exit);
    String printed = out.toString();
    assertTrue(printed.contains("listen.port = 9443  (from " + config), printed);
    assertTrue(printed.contains("log.max_batch = 64  (from TWINGUARD_LOG_MAX_BATCH"), printed);
    assertTrue(printed.contains("listen.host = 127.0.0.1  (default"), printed);
    assertFalse(printed.contains("s3cret"), "a password never leaves the settings: " + printed);
  }

  @Test
  void call_unknownSettingInTheFile_isRefusedWithItsPath() throws Exception {
    Path config = dir.resolve("twinguard.yaml");
    Files.writeString(config, "log:\n  max_batchh: 64\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ServeCommand(Map.of()));
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("--config", config.toString(), "--print-config");

    assertEquals(2, exit);
    assertTrue(err.toString().contains("log.max_batchh"), err.toString());
  }

  static TwinguardSettings settings(Map<String, String> environment) {
    return SettingsLoader.defaults().environment(environment).load().settings();
  }
}
