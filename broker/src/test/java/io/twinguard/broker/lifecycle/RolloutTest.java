package io.twinguard.broker.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.query.RecordScan;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.lifecycle.rollout.Rollout;
import io.twinguard.broker.refusal.BundleRefused;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.policies.InProcessPolicyEngine;
import io.twinguard.policies.testing.PolicyBundles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollout on a real PostgreSQL with bundles built and signed by the pinned opa: two brokers (each
 * its own Vert.x, engine, pool and LISTEN connection) on one database follow every activation and
 * rollback; a tampered or failing bundle is refused at upload and the active revision stays.
 */
class RolloutTest {

  static final String AUTHOR = "spiffe://test.example/admin/ada";

  @TempDir static Path shared;
  static PolicyBundles bundles;
  static byte[] rev1;
  static byte[] rev2;
  static byte[] failing;

  @TempDir Path dir;
  final List<Vertx> vertxes = new ArrayList<>();
  final List<PolicyLifecycle> lifecycles = new ArrayList<>();
  AuditLog log;

  @BeforeAll
  static void build() {
    bundles = new PolicyBundles(shared);
    rev1 = bundles.build("rev-1");
    rev2 = bundles.build("rev-2");
    failing = bundles.build("rev-failing", PolicyBundles.failingTest());
  }

  @AfterEach
  void stop() {
    lifecycles.forEach(PolicyLifecycle::close);
    if (log != null) {
      log.close().await();
    }
    vertxes.forEach(v -> v.close().await());
  }

  /** One broker's lifecycle and the engine it governs, on the log's database. */
  record Broker(PolicyLifecycle lifecycle, InProcessPolicyEngine engine) {
    Rollout rollout() {
      return lifecycle.rollout();
    }
  }

  Broker broker() {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    if (log == null) {
      log = AuditLog.open(vertx, LogConfig.embeddedIn(dir)).await();
    }
    InProcessPolicyEngine engine = InProcessPolicyEngine.start(vertx, Revisions.bundled(), Duration.ofSeconds(2))
        .await();
    PolicyLifecycle lifecycle = PolicyLifecycle.start(vertx, log, new LogAuditTrail(log), Optional.of(engine),
        Calls.catalog(), Traffic.verifying(bundles.publicKey(), Optional.empty()), Calls.CLOCK).await();
    lifecycles.add(lifecycle);
    return new Broker(lifecycle, engine);
  }

  @Test
  void rollback_onTwoBrokers_restoresThePreviousRevisionOnBoth() {
    Broker a = broker();
    Broker b = broker();
    a.rollout().upload(rev1, AUTHOR).await();
    a.rollout().upload(rev2, AUTHOR).await();

    assertEquals("rev-1", a.rollout().activate("rev-1", AUTHOR).await().running());
    awaitCondition("broker b runs rev-1", () -> b.engine().revision().equals("rev-1"));
    Rollout.Activated second = b.rollout().activate("rev-2", AUTHOR).await();
    assertEquals("rev-1", second.previous());
    awaitCondition("broker a runs rev-2", () -> a.engine().revision().equals("rev-2"));
    Rollout.Activated back = a.rollout().rollback(AUTHOR).await();
    awaitCondition("broker b runs rev-1 again", () -> b.engine().revision().equals("rev-1"));

    assertEquals("rev-1", back.running());
    assertEquals("rev-2", back.previous());
    assertEquals("rev-1", a.engine().revision());
    List<JsonObject> records = policyRecords();
    assertEquals(List.of("upload rev-1", "upload rev-2", "activate rev-1", "activate rev-2", "rollback rev-1"),
        records.stream().map(r -> r.getString("action") + " " + r.getString("revision")).toList());
    JsonObject rollback = records.get(4);
    assertEquals(AUTHOR, rollback.getString("actor"));
    assertEquals("rev-2", rollback.getString("previous_revision"));
    assertEquals(records.get(0).getString("bundle_digest"), rollback.getString("bundle_digest"));
    assertTrue(rollback.getString("bundle_digest").startsWith("sha-256=:"), rollback.encode());
  }

  @Test
  void rollback_withOneActivation_isRefusedAsAConflict() {
    Broker a = broker();
    a.rollout().upload(rev1, AUTHOR).await();
    a.rollout().activate("rev-1", AUTHOR).await();

    Refusal refusal = refusal(a.rollout().rollback(AUTHOR));

    assertInstanceOf(Refusal.PolicyConflict.class, refusal);
    assertEquals("rev-1", a.engine().revision());
  }

  @Test
  void upload_tamperedBundle_isRefusedAndTheActiveRevisionStays() throws Exception {
    Broker a = broker();
    a.rollout().upload(rev1, AUTHOR).await();
    a.rollout().activate("rev-1", AUTHOR).await();

    Refusal refusal = refusal(a.rollout().upload(PolicyBundles.tampered(rev2), AUTHOR));

    BundleRefused refused = assertInstanceOf(BundleRefused.class, refusal);
    assertTrue(refused.detail().contains("signature"), refused.detail());
    assertEquals("rev-1", a.engine().revision());
    assertEquals(List.of("upload rev-1", "activate rev-1"),
        policyRecords().stream().map(r -> r.getString("action") + " " + r.getString("revision")).toList());
  }

  @Test
  void upload_bundleWhoseOwnTestsFail_isRefusedNamingTheFailingTest() {
    Broker a = broker();
    a.rollout().upload(rev1, AUTHOR).await();
    a.rollout().activate("rev-1", AUTHOR).await();

    Refusal refusal = refusal(a.rollout().upload(failing, AUTHOR));

    BundleRefused refused = assertInstanceOf(BundleRefused.class, refusal);
    assertEquals(1, refused.failures().size(), refused.failures().toString());
    JsonObject test = refused.failures().get(0);
    assertTrue(test.getString("test").endsWith("test_location_is_special"), test.encode());
    assertTrue(test.getString("file").endsWith("broken_test.rego"), test.encode());
    assertEquals(422, refused.problem().status());
    assertEquals("rev-1", a.engine().revision());
    Refusal missing = refusal(a.rollout().activate("rev-failing", AUTHOR));
    assertInstanceOf(Refusal.NotFound.class, missing);
  }

  @Test
  void upload_sameBundleTwice_storesItOnceAndRecordsOneUpload() {
    Broker a = broker();

    Rollout.Uploaded first = a.rollout().upload(rev1, AUTHOR).await();
    Rollout.Uploaded again = a.rollout().upload(rev1, AUTHOR).await();

    assertTrue(first.created());
    assertEquals(false, again.created());
    assertEquals(first.auditIndex(), again.auditIndex());
    assertTrue(first.tests() > 0);
    assertEquals(1, policyRecords().size());
  }

  List<JsonObject> policyRecords() {
    return new RecordScan(log).page("policy", Optional.empty(), Optional.empty(), Optional.empty(), 100).await()
        .records().stream().map(r -> new JsonObject(r.json())).toList();
  }

  static Refusal refusal(Future<?> future) {
    try {
      future.await();
    } catch (CompletionException e) {
      return assertInstanceOf(Refused.class, e.getCause()).refusal();
    } catch (Refused e) {
      return e.refusal();
    }
    throw new AssertionError("not refused");
  }

  /** Polls {@code condition} every 50 ms for at most 30 s. */
  static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
