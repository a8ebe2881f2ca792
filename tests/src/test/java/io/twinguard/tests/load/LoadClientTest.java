package io.twinguard.tests.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.examples.demo.Ecosystem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load benchmark's client counts what the server saw, keeps its schedule and counts errors. */
class LoadClientTest {

  static Vertx vertx;
  static HttpServer server;
  static LoadClient client;
  static final AtomicLong served = new AtomicLong();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Ecosystem ecosystem = Ecosystem.create(Clock.systemUTC());
    server = await(vertx.createHttpServer(new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(0)
            .setSsl(true)
            .setKeyCertOptions(ecosystem.twin("hvac-room-12").keyCertOptions())
            .setTrustOptions(ecosystem.caTrustOptions())
            .setClientAuth(ClientAuth.REQUIRED))
        .requestHandler(request -> request.body().onSuccess(body -> {
          served.incrementAndGet();
          request.response().setStatusCode(request.path().equals("/fail") ? 500 : 200).end("{}");
        }))
        .listen());
    client = new LoadClient(vertx, ecosystem.twin("room-12").keyCertOptions(), ecosystem.caTrustOptions(), 4, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    await(vertx.close());
  }

  @Test
  void closedLoop_countsEveryAnswerTheServerGave() throws Exception {
    long before = served.get();

    LoadClient.Result result = await(client.closedLoop(target("/ok"), Duration.ofMillis(500)));

    assertEquals(served.get() - before, result.requests());
    assertTrue(result.requests() > 0);
    assertEquals(0, result.errors(), result.firstError());
    assertEquals(result.requests(), result.histogram().getTotalCount());
    assertEquals("closed", result.mode());
  }

  @Test
  void fixedRate_sendsTheScheduledNumberOfRequests() throws Exception {
    long before = served.get();

    LoadClient.Result result = await(client.fixedRate(target("/ok"), Duration.ofSeconds(1), 200));

    assertEquals(served.get() - before, result.requests());
    assertTrue(result.requests() >= 196 && result.requests() <= 200, "sent " + result.requests());
    assertEquals(result.requests(), result.service().getTotalCount());
    assertTrue(result.millis(50) >= result.serviceMillis(50), "latency from the schedule includes the service time");
  }

  @Test
  void due_requestLeavesOnTheFirstTickAfterItsTime() {
    assertEquals(0, LoadClient.due(0, 100), "nothing is due before the schedule starts");
    assertEquals(1, LoadClient.due(0.001, 100), "request 0 (at 0 ms) is due on the first tick");
    assertEquals(2, LoadClient.due(0.0101, 100), "request 1 (at 10 ms) is due 0.1 ms after its time");
    assertEquals(100, LoadClient.due(1.0, 100), "a whole second holds requests 0 to 99");
  }

  @Test
  void closedLoop_answerOtherThan200_isCountedAsError() throws Exception {
    LoadClient.Result result = await(client.closedLoop(target("/fail"), Duration.ofMillis(300)));

    assertEquals(result.requests(), result.errors());
    assertTrue(result.firstError().startsWith("HTTP 500"), result.firstError());
  }

  @Test
  void merge_sumsRoundsAndRefusesToMixTargets() throws Exception {
    LoadClient.Result first = await(client.closedLoop(target("/ok"), Duration.ofMillis(200)));
    LoadClient.Result second = await(client.closedLoop(target("/ok"), Duration.ofMillis(200)));
    LoadClient.Result other = await(client.closedLoop(target("/fail"), Duration.ofMillis(200)));

    LoadClient.Result merged = LoadClient.Result.merge(List.of(first, second));

    assertEquals(first.requests() + second.requests(), merged.requests());
    assertEquals(0.4, merged.seconds(), 1e-9);
    assertEquals(merged.requests(), merged.histogram().getTotalCount());
    assertThrows(IllegalArgumentException.class, () -> LoadClient.Result.merge(List.of(first, rename(other))));
  }

  private static LoadClient.Result rename(LoadClient.Result result) {
    return new LoadClient.Result("elsewhere", result.mode(), result.offeredPerSecond(), result.requests(),
        result.errors(), result.seconds(), result.histogram(), result.service(), result.firstError());
  }

  private LoadClient.Target target(String path) {
    return new LoadClient.Target("test", server.actualPort(), path,
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"), "{}".getBytes());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
