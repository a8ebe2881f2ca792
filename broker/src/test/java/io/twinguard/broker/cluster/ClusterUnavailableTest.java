package io.twinguard.broker.cluster;

import static io.twinguard.broker.cluster.Members.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.broker.replay.ReplayGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A cluster store that does not answer refuses the call (fail closed), never lets it through. */
class ClusterUnavailableTest {

  final Vertx vertx = Vertx.vertx();
  final Clock clock = Clock.systemUTC();
  final Future<AsyncMap<String, String>> unreachable = Future.failedFuture(new IllegalStateException("no cluster"));
  final Future<AsyncMap<String, String>> silent = Future.future(promise -> { });

  @AfterEach
  void close() {
    await(vertx.close());
  }

  static Refusal refusal(Future<?> future) {
    Throwable failure = ClusterSharingTest.awaitFailure(future);
    return assertInstanceOf(Refused.class, failure).refusal();
  }

  @Test
  void check_mapUnreachable_isRefusedAsClusterUnavailable() {
    ClusterNonces nonces = new ClusterNonces(new ReplayGuard(clock, Duration.ofSeconds(60), 10), unreachable, clock,
        Duration.ofSeconds(1), "m");

    Refusal refusal = refusal(nonces.check("spiffe://t/twin/a", "n", clock.instant()));

    assertInstanceOf(Refusal.ClusterUnavailable.class, refusal);
    assertEquals(503, refusal.problem().status());
  }

  @Test
  void check_mapSilentBeyondTheTimeout_isRefusedAsClusterUnavailable() {
    ClusterNonces nonces = new ClusterNonces(new ReplayGuard(clock, Duration.ofSeconds(60), 10), silent, clock,
        Duration.ofMillis(100), "m");

    assertInstanceOf(Refusal.ClusterUnavailable.class, refusal(nonces.check("spiffe://t/twin/a", "n", clock.instant())));
  }

  @Test
  void acquire_mapUnreachable_isRefusedAsClusterUnavailable() {
    ClusterLeases leases = new ClusterLeases(vertx.sharedData(), unreachable, clock, Duration.ofSeconds(30),
        Duration.ofSeconds(1));

    assertInstanceOf(Refusal.ClusterUnavailable.class,
        refusal(leases.acquire("fire", List.of("spiffe://t/twin/hq#door:1"), 100)));
  }
}
