package io.twinguard.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.broker.Broker;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on an audit log with shared writers ({@code log.writers: shared}), on a real embedded
 * PostgreSQL: it answers calls once their records are accepted, while the integrator, held back by
 * a table lock the test takes, has given them no index yet; released, the integrator gives every
 * record its index and the log verifies.
 */
class BrokerSharedLogTest extends SmartCityBrokerTest {

  static final int CALLS = 40;

  @TempDir Path dir;

  @Test
  void call_whileTheIntegratorIsHeldBack_isAnsweredAndIntegratedOnceItIsReleased() throws Exception {
    AuditLog log = await(AuditLog.open(vertx,
        LogConfig.embeddedIn(dir.resolve("audit")).shared(Duration.ofMillis(100), Duration.ofSeconds(30))));
    Broker broker = await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(twins.registry()),
            FixtureConsents.parseYaml(Ecosystem.consentFixtures()), engine, new LogAuditTrail(log)),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        CLOCK));
    TwinClient room = new TwinClient(vertx, ecosystem, "room-12", broker.port(), CLOCK);
    long before = size(log);

    PgConnection lock = await(PgConnection.connect(vertx, log.connectOptions()));
    Transaction held = await(lock.begin());
    await(lock.query("LOCK TABLE log_leaf IN SHARE MODE").execute());
    List<Future<TwinClient.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      answers.add(room.call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
          new JsonObject().put("outdoor_c", i % 30).put("occupants", i % 7), false));
    }
    Set<String> answered = new HashSet<>();
    for (Future<TwinClient.Answer> answer : answers) {
      TwinClient.Answer a = await(answer);
      assertEquals(200, a.status(), a.body().toString());
      answered.add(a.headers().get("twin-decision-id"));
    }
    long whileHeld = size(log);
    await(held.rollback());
    await(lock.close());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (size(log) < before + CALLS) {
      assertTrue(System.nanoTime() < deadline, "the records were not integrated within a minute");
      await(Future.future(p -> vertx.setTimer(20, id -> p.complete())));
    }

    assertEquals(before, whileHeld, "the calls were answered before any of their records had an index");
    assertEquals(CALLS, answered.size());
    Set<String> recorded = new HashSet<>();
    for (long index = before; index < size(log); index++) {
      byte[] leaf = await(log.leaf(index)).orElseThrow();
      recorded.add(new JsonObject(new String(leaf, StandardCharsets.UTF_8)).getString("decision_id"));
    }
    assertEquals(answered, recorded);
    assertEquals(List.of(), await(log.verify()).problems());
    room.close();
    await(broker.stop());
    await(log.close());
  }

  static long size(AuditLog log) throws Exception {
    return await(log.latestCheckpoint()).map(SignedCheckpoint::size).orElse(0L);
  }
}
