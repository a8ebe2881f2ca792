package io.twinguard.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.QueryService;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.serve.Running;
import io.twinguard.broker.serve.Serve;
import io.twinguard.common.settings.SettingsLoader;
import io.twinguard.examples.SmartCity;
import io.twinguard.examples.TwinServer;
import io.twinguard.policies.testing.PolicyBundles;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinguard serve} with its policies from a bundle server: a new signed revision is swapped
 * in while calls keep coming, none of them dropped; a tampered bundle is refused, the active one
 * stays, and {@code /ready} says what was refused. Bundles are built and signed by the pinned opa.
 */
class BundleReloadTest {

  @TempDir Path dir;

  final AtomicReference<byte[]> served = new AtomicReference<>();

  @Test
  void serve_swapsInANewSignedBundleWithoutDroppingCalls_andRefusesATamperedOne() throws Exception {
    PolicyBundles policies = new PolicyBundles(dir);
    Path key = policies.publicKey();
    byte[] first = policies.build("rev-1");
    byte[] second = policies.build("rev-2");
    served.set(first);
    CaDirectory ca = CaDirectory.init(dir.resolve("ca"), new TrustDomain("city.example"), KeyAlgorithm.ECDSA_P256,
        Clock.systemUTC());
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer bundles = await(vertx.createHttpServer().requestHandler(request -> {
        byte[] bundle = served.get();
        String etag = "\"" + HexFormat.of().formatHex(sha256(bundle)) + "\"";
        if (etag.equals(request.getHeader("If-None-Match"))) {
          request.response().setStatusCode(304).end();
        } else {
          request.response().putHeader("ETag", etag).putHeader("content-type", "application/gzip")
              .end(Buffer.buffer(bundle));
        }
      }).listen(0, "127.0.0.1"));
      HttpServer hvac = startHvac(vertx, ca);
      Path registry = registry(hvac.actualPort());
      StringWriter out = new StringWriter();
      try (Running serve = Serve.start(SettingsLoader.defaults().environment(Map.of(
              "TWINGUARD_LISTEN_PORT", "0", "TWINGUARD_REGISTRY", registry.toString(),
              "TWINGUARD_DATA_DIR", dir.resolve("data").toString(), "TWINGUARD_CA_DIR", dir.resolve("ca").toString(),
              "TWINGUARD_POLICY_BUNDLE", "http://127.0.0.1:" + bundles.actualPort() + "/bundle.tar.gz",
              "TWINGUARD_POLICY_BUNDLE_KEY", key.toString(),
              "TWINGUARD_POLICY_BUNDLE_POLL_S", "1")).load().settings(),
          Clock.systemUTC(), new PrintWriter(out))) {
        assertTrue(out.toString().contains("policies rev-1 from http://127.0.0.1"), out.toString());
        WebClient room = client(vertx, ca, "room-12");
        Load load = new Load(room, serve.broker().port());
        load.start();

        served.set(second);
        awaitCondition("rev-2 is active", () -> revision(room, serve.broker().port()).equals("rev-2"));
        load.untilMore(20);
        served.set(PolicyBundles.tampered(second));
        awaitCondition("the tampered bundle is refused",
            () -> ready(room, serve.broker().port()).getJsonObject("checks").getJsonObject("bundle")
                .containsKey("last_refused"));
        load.untilMore(20);
        load.stop();

        assertEquals("rev-2", revision(room, serve.broker().port()));
        assertFalse(load.statuses.isEmpty());
        assertEquals(Set.of(200), Set.copyOf(load.statuses.values()), "no call was dropped: " + load.statuses);
        Map<String, Long> byRevision = revisions(serve, load.statuses.keySet());
        assertTrue(byRevision.getOrDefault("rev-1", 0L) > 0 && byRevision.getOrDefault("rev-2", 0L) > 0,
            "calls were decided by both revisions, each record naming its own: " + byRevision);
        assertEquals(Set.of("rev-1", "rev-2"), byRevision.keySet());
      }
    } finally {
      await(vertx.close());
    }
  }

  /** Calls the HVAC model through the broker, a few at a time, until stopped; keeps every status by decision id. */
  static final class Load {
    final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Future<Void>> lanes = new ArrayList<>();
    final WebClient client;
    final int port;

    Load(WebClient client, int port) {
      this.client = client;
      this.port = port;
    }

    void start() {
      for (int lane = 0; lane < 4; lane++) {
        lanes.add(next());
      }
    }

    private Future<Void> next() {
      if (!running.get()) {
        return Future.succeededFuture();
      }
      return client.post(port, "127.0.0.1", "/v1/twins/hvac-room-12/model/thermal/predict")
          .putHeader("Twin-Purpose", "dpv:ServiceProvision")
          .sendJsonObject(new JsonObject().put("outdoor_c", 3))
          .compose(response -> {
            statuses.put(response.getHeader("Twin-Decision-Id"), response.statusCode());
            return next();
          });
    }

    void untilMore(int calls) throws Exception {
      int target = statuses.size() + calls;
      awaitCondition(calls + " more calls", () -> statuses.size() >= target);
    }

    void stop() throws Exception {
      running.set(false);
      for (Future<Void> lane : lanes) {
        await(lane);
      }
    }
  }

  /** How many of the calls each bundle revision decided, from their audit records. */
  static Map<String, Long> revisions(Running serve, Set<String> decisionIds) throws Exception {
    QueryService queries = new QueryService(serve.log());
    Map<String, Long> counts = new HashMap<>();
    Optional<Long> after = Optional.empty();
    do {
      var page = await(queries.query(AuditQuery.all().withCaller("spiffe://city.example/twin/room-12")
          .withPage(after, AuditQuery.MAX_LIMIT)));
      page.records().stream()
          .filter(r -> decisionIds.contains(r.record().getString("decision_id")))
          .forEach(r -> counts.merge(r.record().getString("bundle_revision"), 1L, Long::sum));
      after = page.next();
    } while (after.isPresent());
    return counts;
  }

  static String revision(WebClient client, int port) throws Exception {
    return ready(client, port).getJsonObject("checks").getJsonObject("policies").getString("revision");
  }

  static JsonObject ready(WebClient client, int port) throws Exception {
    return await(client.get(port, "127.0.0.1", "/ready").send()).bodyAsJsonObject();
  }

  HttpServer startHvac(Vertx vertx, CaDirectory ca) throws Exception {
    CaDirectory.Issued issued = ca.issueTwin(SpiffeId.parse("spiffe://city.example/twin/hvac-room-12"),
        KeyAlgorithm.ECDSA_P256, Duration.ofDays(1));
    return await(TwinServer.start(vertx, SmartCity.hvac(), new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setSsl(true).setKeyCertOptions(keyCert(issued)).setClientAuth(ClientAuth.REQUIRED)
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.trustMaterial().caCertificatePem())))));
  }

  /** The example registry with the HVAC twin at {@code port}, as a file serve reads. */
  Path registry(int port) throws Exception {
    String yaml;
    try (var in = SmartCity.class.getResourceAsStream("/smart-city-registry.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var declared = RegistryCodec.parseYaml(yaml);
    Twin hvac = declared.twin("hvac-room-12").orElseThrow();
    var registry = declared.with(new Twin(hvac.id(), hvac.name(), hvac.org(), hvac.twinClass(),
        URI.create("https://127.0.0.1:" + port), hvac.blocks()));
    JsonArray twins = new JsonArray();
    registry.twins().forEach(t -> twins.add(RegistryCodec.twinToJson(t)));
    Path file = dir.resolve("registry.yaml");
    Files.writeString(file, new JsonObject().put("trust_domain", registry.trustDomain()).put("twins", twins).encode());
    return file;
  }

  static WebClient client(Vertx vertx, CaDirectory ca, String twin) throws Exception {
    CaDirectory.Issued issued = ca.issueTwin(SpiffeId.parse("spiffe://city.example/twin/" + twin), KeyAlgorithm.ECDSA_P256,
        Duration.ofDays(1));
    return WebClient.create(vertx, new WebClientOptions().setSsl(true).setKeyCertOptions(keyCert(issued))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.trustMaterial().caCertificatePem()))));
  }

  static PemKeyCertOptions keyCert(CaDirectory.Issued issued) {
    return new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(issued.certificate())))
        .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(issued.keyPair().getPrivate())));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for {@code condition}, checking it every 100 ms, for at most 60 s. */
  static void awaitCondition(String what, Check condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
