package io.twinguard.policies;

import static io.twinguard.policies.TestSupport.await;
import static io.twinguard.policies.TestSupport.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPA server engine against servers that cannot decide: it is undecided, never allows. */
class RemotePolicyEngineTest {

  private Vertx vertx;
  private final AtomicInteger asked = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static Decision.Undecided assertUndecided(Decision decision) {
    assertFalse(decision.allowed());
    return assertInstanceOf(Decision.Undecided.class, decision);
  }

  /** A local server answering with {@code handler}, counting the requests it gets. */
  private PolicyEngine engineAsking(io.vertx.core.Handler<HttpServerRequest> handler, Duration timeout) throws Exception {
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      asked.incrementAndGet();
      handler.handle(request);
    }).listen(0, "127.0.0.1"));
    return RemotePolicyEngines.opaServer(vertx, URI.create("http://127.0.0.1:" + server.actualPort()), timeout);
  }

  @Test
  void decide_serverWithoutPolicies_undecided(@TempDir Path dir) throws Exception {
    try (OpaServer opa = OpaServer.start(dir.resolve("opa.log"))) {
      PolicyEngine engine = RemotePolicyEngines.opaServer(vertx, opa.uri(), Duration.ofSeconds(2));
      assertTrue(assertUndecided(await(engine.decide(example("uc5-fire-doors.json")))).why().contains("no decision"));
      engine.close();
    }
  }

  @Test
  void decide_nothingListening_undecided() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    PolicyEngine engine = RemotePolicyEngines.opaServer(vertx, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
    assertUndecided(await(engine.decide(example("uc5-fire-doors.json"))));
    engine.close();
  }

  @Test
  void decide_serverThatNeverAnswers_undecidedByTheTimeoutAfterOneRequest() throws Exception {
    PolicyEngine engine = engineAsking(request -> { }, Duration.ofMillis(200));
    Decision.Undecided undecided = assertUndecided(await(engine.decide(example("uc5-fire-doors.json"))));
    assertTrue(undecided.why().contains("did not decide"), undecided.why());
    assertEquals(1, asked.get(), "asked once, not retried");
    engine.close();
  }

  @Test
  void decide_serverError_undecided() throws Exception {
    PolicyEngine engine = engineAsking(request -> request.response().setStatusCode(500).end("{}"), Duration.ofSeconds(2));
    assertTrue(assertUndecided(await(engine.decide(example("uc5-fire-doors.json")))).why().contains("500"));
    assertEquals(1, asked.get());
    engine.close();
  }

  @Test
  void decide_malformedDecision_undecided() throws Exception {
    PolicyEngine engine = engineAsking(request -> request.response().end("{\"result\": {\"allow\": \"yes\"}}"),
        Duration.ofSeconds(2));
    assertUndecided(await(engine.decide(example("uc5-fire-doors.json"))));
    engine.close();
  }

  @Test
  void decide_afterClose_undecidedWithoutAsking() throws Exception {
    PolicyEngine engine = engineAsking(request -> request.response().end("{}"), Duration.ofSeconds(2));
    engine.close();
    assertUndecided(await(engine.decide(example("uc5-fire-doors.json"))));
    assertEquals(0, asked.get());
  }
}
