package io.twinguard.policies.bundle;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.policies.Decision;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.TestSupport;
import io.twinguard.policies.testing.PolicyBundles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleReloaderTest {

  @TempDir static Path dir;
  private static KeyPair keys;
  private static byte[] r1;
  private static byte[] r2;

  private Vertx vertx;
  private InProcessPolicyEngine engine;

  /** r1: the repository's policies; r2: the same with the HVAC priority raised to 45. */
  @BeforeAll
  static void build() throws Exception {
    keys = PolicyBundles.rsaKeys();
    r1 = Files.readAllBytes(SignedBundles.build(dir, "r1", keys));
    Path changed = dir.resolve("changed");
    Path sources = TestSupport.root().resolve("policies/rego");
    try (Stream<Path> paths = Files.walk(sources)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        Path target = changed.resolve(sources.relativize(path).toString());
        Files.createDirectories(target.getParent());
        Files.copy(path, target);
      }
    }
    Path config = changed.resolve("data/twinguard/config/data.json");
    JsonObject data = new JsonObject(Files.readString(config));
    data.getJsonObject("priorities").put("hvac", 45);
    Files.writeString(config, data.encodePrettily());
    r2 = Files.readAllBytes(SignedBundles.build(changed, dir, "r2", keys));
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
        Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  private BundleReloader reloader(BundleSource source) {
    return new BundleReloader(vertx, source,
        Optional.of(BundleVerifier.of(SignedBundles.publicPem(keys), "RS256", "")), engine);
  }

  private static String etag(byte[] body) throws Exception {
    return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"";
  }

  @Test
  void poll_bundleServer_loadsOnChangeOnlyAndKeepsDecidingDuringReload() throws Exception {
    AtomicReference<byte[]> served = new AtomicReference<>(r1);
    AtomicInteger full = new AtomicInteger();
    AtomicInteger notModified = new AtomicInteger();
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      try {
        byte[] body = served.get();
        String tag = etag(body);
        if (tag.equals(request.getHeader("If-None-Match"))) {
          notModified.incrementAndGet();
          request.response().setStatusCode(304).end();
        } else {
          full.incrementAndGet();
          request.response().putHeader("ETag", tag).end(Buffer.buffer(body));
        }
      } catch (Exception e) {
        request.response().setStatusCode(500).end();
      }
    }).listen(0, "127.0.0.1"));
    try (BundleReloader reloader = reloader(BundleSource.http(vertx,
        URI.create("http://127.0.0.1:" + server.actualPort() + "/bundles/twinguard.tar.gz"), Duration.ofSeconds(5)))) {
      assertEquals("r1", await(reloader.poll()));
      assertEquals("r1", await(reloader.poll()));
      assertEquals(1, full.get());
      assertEquals(1, notModified.get());
      JsonObject hvac = example("uc5-hvac-doors.json");
      assertEquals(40, ((Decision.Allow) await(engine.decide(hvac))).priority());

      served.set(r2);
      List<Future<Decision>> inFlight = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        inFlight.add(engine.decide(hvac));
      }
      Future<String> reload = reloader.poll();
      for (int i = 0; i < 100; i++) {
        inFlight.add(engine.decide(hvac));
      }
      assertEquals("r2", await(reload));
      await(Future.join(inFlight));
      for (Future<Decision> decision : inFlight) {
        Decision.Allow allow = assertInstanceOf(Decision.Allow.class, decision.result(), "no decision is dropped");
        assertEquals(allow.revision().equals("r1") ? 40 : 45, allow.priority());
      }
      Decision after = await(engine.decide(hvac));
      assertEquals("r2", after.revision());
      assertEquals(45, ((Decision.Allow) after).priority());
    } finally {
      await(server.close());
    }
  }

  @Test
  void poll_tamperedBundle_refusedAndPreviousStaysActive() throws Exception {
    Path file = dir.resolve("served.tar.gz");
    Files.write(file, r1);
    try (BundleReloader reloader = reloader(BundleSource.file(vertx, file))) {
      assertEquals("r1", await(reloader.poll()));
      Map<String, byte[]> files = new TreeMap<>(BundleFiles.fromTarGz(r2));
      JsonObject data = new JsonObject(new String(files.get("data.json"), StandardCharsets.UTF_8));
      data.getJsonObject("twinguard").getJsonObject("config").getJsonObject("priorities").put("hvac", 100);
      files.put("data.json", data.encode().getBytes(StandardCharsets.UTF_8));
      Files.write(file, PolicyBundles.tarGz(files));

      Throwable refused = reloader.poll().toCompletionStage().toCompletableFuture()
          .handle((revision, failure) -> failure).get();
      assertInstanceOf(BundleVerificationException.class, refused);
      assertTrue(reloader.lastFailure().isPresent());
      assertEquals("r1", engine.revision());
      Decision decision = await(engine.decide(example("uc5-hvac-doors.json")));
      assertEquals(40, ((Decision.Allow) decision).priority());
      assertEquals("r1", decision.revision());
    }
  }

  @Test
  void poll_directory_reloadsWhenItsFilesChange() throws Exception {
    Path bundleDir = dir.resolve("bundle-dir");
    write(bundleDir, BundleFiles.fromTarGz(r1));
    try (BundleReloader reloader = reloader(BundleSource.file(vertx, bundleDir))) {
      assertEquals("r1", await(reloader.poll()));
      assertEquals("r1", await(reloader.poll()));
      write(bundleDir, BundleFiles.fromTarGz(r2));
      assertEquals("r2", await(reloader.poll()));
      assertEquals(45, ((Decision.Allow) await(engine.decide(example("uc5-hvac-doors.json")))).priority());
    }
  }

  @Test
  void start_periodicPolling_picksUpNewBundle() throws Exception {
    Path file = dir.resolve("periodic.tar.gz");
    Files.write(file, r1);
    try (BundleReloader reloader = reloader(BundleSource.file(vertx, file))) {
      reloader.start(Duration.ofMillis(50));
      assertTrue(TestSupport.eventually(() -> engine.revision().equals("r1"), Duration.ofSeconds(20)),
          "the periodic poll loads r1; now " + engine.revision());
    }
  }

  private static void write(Path root, Map<String, byte[]> files) throws Exception {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = root.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
  }
}
