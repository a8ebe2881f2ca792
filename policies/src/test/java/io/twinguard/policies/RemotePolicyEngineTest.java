package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemotePolicyEngineTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static void assertUnavailable(Decision decision) {
    Decision.Deny deny = assertInstanceOf(Decision.Deny.class, decision);
    assertEquals(List.of("engine/" + Decision.POLICY_UNAVAILABLE),
        deny.reasons().stream().map(r -> r.policy() + "/" + r.code()).toList());
  }

  @Test
  void decide_serverWithoutPolicies_deniedAsPolicyUnavailable(@TempDir Path dir) throws Exception {
    try (OpaServer opa = OpaServer.start(dir.resolve("opa.log"))) {
      PolicyEngine engine = RemotePolicyEngines.opaServer(vertx, opa.uri(), Duration.ofSeconds(2));
      assertUnavailable(await(engine.decide(example("uc5-fire-doors.json"))));
      engine.close();
    }
  }

  @Test
  void decide_nothingListening_deniedAsPolicyUnavailable() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    PolicyEngine engine = RemotePolicyEngines.opaServer(vertx, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
    assertUnavailable(await(engine.decide(example("uc5-fire-doors.json"))));
    engine.close();
  }

  @Test
  void decide_serverThatNeverAnswers_deniedAsPolicyUnavailableAfterTimeout() throws Exception {
    HttpServer silent = await(vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1"));
    PolicyEngine engine = RemotePolicyEngines.opaServer(vertx,
        URI.create("http://127.0.0.1:" + silent.actualPort()), Duration.ofMillis(200));
    long start = System.nanoTime();
    assertUnavailable(await(engine.decide(example("uc5-fire-doors.json"))));
    assertEquals(true, System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    engine.close();
  }

  @Test
  void decide_serverError_deniedAsPolicyUnavailable() throws Exception {
    HttpServer failing = await(vertx.createHttpServer()
        .requestHandler(request -> request.response().setStatusCode(500).end("{}")).listen(0, "127.0.0.1"));
    PolicyEngine engine = RemotePolicyEngines.opaServer(vertx,
        URI.create("http://127.0.0.1:" + failing.actualPort()), Duration.ofSeconds(2));
    assertUnavailable(await(engine.decide(example("uc5-fire-doors.json"))));
    engine.close();
  }

  @Test
  void decide_malformedDecision_deniedAsPolicyUnavailable() throws Exception {
    HttpServer lying = await(vertx.createHttpServer()
        .requestHandler(request -> request.response().end("{\"result\": {\"allow\": \"yes\"}}")).listen(0, "127.0.0.1"));
    PolicyEngine engine = RemotePolicyEngines.opaServer(vertx,
        URI.create("http://127.0.0.1:" + lying.actualPort()), Duration.ofSeconds(2));
    assertUnavailable(await(engine.decide(example("uc5-fire-doors.json"))));
    engine.close();
  }
}
