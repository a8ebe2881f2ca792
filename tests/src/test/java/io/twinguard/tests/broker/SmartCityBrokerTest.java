package io.twinguard.tests.broker;

import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.policies.bundle.Bundle;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the broker tests on a real audit log share, once per class: the smart city's twins running on
 * loopback and the bundled policies in-process; each test starts its own broker and log.
 */
abstract class SmartCityBrokerTest {

  static final Clock CLOCK = Clock.systemUTC();

  static Vertx vertx;
  static Ecosystem ecosystem;
  static Ecosystem.Running twins;
  static PolicyEngine engine;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    ecosystem = Ecosystem.create(CLOCK);
    twins = await(ecosystem.startTwins(vertx));
    engine = await(InProcessPolicyEngine.start(vertx, Bundle.fromFiles(BundleFiles.bundled()), Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
