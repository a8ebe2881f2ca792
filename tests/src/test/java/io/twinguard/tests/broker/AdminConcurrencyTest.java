package io.twinguard.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.record.AuditRecord;
import io.twinguard.broker.Broker;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.broker.admin.AdminApi;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two administrators change the registry at once while the audit log is slow: both changes are
 * recorded and both take effect, each applied to the registry as the other left it.
 */
class AdminConcurrencyTest {

  static final Clock CLOCK = Clock.systemUTC();

  /** An audit trail whose appends complete only when the test lets them. */
  static final class SlowTrail implements AuditTrail {
    final List<Promise<Long>> pending = new CopyOnWriteArrayList<>();

    @Override
    public Future<Long> append(AuditRecord record) {
      Promise<Long> promise = Promise.promise();
      pending.add(promise);
      return promise.future();
    }

    @Override
    public boolean available() {
      return true;
    }
  }

  @Test
  void putTwin_twoAtOnceWhileTheLogIsSlow_bothTakeEffect() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Ecosystem ecosystem = Ecosystem.create(CLOCK);
      Ecosystem.Running twins = await(ecosystem.startTwins(vertx));
      PolicyEngine engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()),
          Duration.ofSeconds(5)));
      SlowTrail trail = new SlowTrail();
      Broker broker = await(Broker.start(vertx,
          new Broker.Parts(ecosystem.broker(), Catalog.of(twins.registry()), FixtureConsents.none(), engine, trail),
          Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
          CLOCK));
      TwinClient admin = new TwinClient(vertx, ecosystem, Ecosystem.ADMIN, broker.port(), CLOCK);

      Future<TwinClient.Answer> first = admin.request(HttpMethod.PUT, AdminApi.PREFIX + "/twins/station-a", station("a"));
      Future<TwinClient.Answer> second = admin.request(HttpMethod.PUT, AdminApi.PREFIX + "/twins/station-b", station("b"));
      // A broker that records changes side by side asks for both records now; one that makes them one
      // at a time asks for the second only after the first is done. Give the first case its chance.
      awaitPending(trail, 1, TimeUnit.SECONDS.toNanos(30));
      awaitPending(trail, 2, TimeUnit.SECONDS.toNanos(3));
      release(trail, 2);

      assertEquals(200, await(first).status(), await(first).body().toString());
      assertEquals(200, await(second).status(), await(second).body().toString());
      assertTrue(broker.catalog().registry().twin("station-a").isPresent(), "the first change is not lost");
      assertTrue(broker.catalog().registry().twin("station-b").isPresent(), "the second change is not lost");
      engine.close();
    } finally {
      await(vertx.close());
    }
  }

  /** Waits until {@code count} appends are pending or {@code nanos} passed, whichever is first. */
  static void awaitPending(SlowTrail trail, int count, long nanos) throws InterruptedException {
    long until = System.nanoTime() + nanos;
    while (trail.pending.size() < count && System.nanoTime() < until) {
      Thread.sleep(20);
    }
  }

  /** Completes the trail's appends one by one as they come, until {@code count} are done. */
  static void release(SlowTrail trail, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int released = 0;
    while (released < count) {
      if (trail.pending.size() > released) {
        trail.pending.get(released).complete((long) released);
        released++;
      } else if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + released + " of " + count + " changes reached the audit trail");
      } else {
        Thread.sleep(20);
      }
    }
  }

  static JsonObject station(String name) {
    return new JsonObject()
        .put("id", "spiffe://city.example/twin/station-" + name)
        .put("org", "city-weather").put("class", "sensor").put("endpoint", "https://127.0.0.1:9999")
        .put("blocks", List.of(new JsonObject().put("kind", "data").put("name", "readings")
            .put("operations", new JsonObject().put("read", new JsonObject()))));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
