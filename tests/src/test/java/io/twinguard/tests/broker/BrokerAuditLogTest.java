package io.twinguard.tests.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.InclusionProof;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.broker.Broker;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.signing.note.NoteVerifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker with the real audit log (PostgreSQL, embedded): every call's record lands, each with a
 * valid inclusion proof against a signed checkpoint; with the log down, nothing is forwarded.
 */
class BrokerAuditLogTest extends SmartCityBrokerTest {

  static final int CALLS = 10_000;
  static final int IN_FLIGHT = 64;

  @TempDir Path dir;

  /** A broker recording on its own log. */
  Broker broker(AuditLog log) throws Exception {
    return await(Broker.start(vertx,
        new Broker.Parts(ecosystem.broker(), Catalog.of(twins.registry()),
            FixtureConsents.parseYaml(Ecosystem.consentFixtures()), engine, new LogAuditTrail(log)),
        Broker.Tuning.of(TwinguardSettings.defaults(), Set.of(Ecosystem.ADMIN_ID)).listening("127.0.0.1", 0),
        CLOCK));
  }

  @Test
  void tenThousandCalls_eachRecordedWithValidInclusionProof() throws Exception {
    AuditLog log = await(AuditLog.open(vertx, LogConfig.embeddedIn(dir.resolve("audit"))));
    Broker broker = broker(log);
    TwinClient room = new TwinClient(vertx, ecosystem, "room-12", broker.port(), CLOCK);
    long before = await(log.latestCheckpoint()).map(SignedCheckpoint::size).orElse(0L);
    Set<String> decisionIds = new HashSet<>();
    for (int done = 0; done < CALLS; done += IN_FLIGHT) {
      List<Future<TwinClient.Answer>> batch = new ArrayList<>();
      for (int i = done; i < Math.min(CALLS, done + IN_FLIGHT); i++) {
        batch.add(room.call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
            new JsonObject().put("outdoor_c", i % 30).put("occupants", i % 7), false));
      }
      for (Future<TwinClient.Answer> answer : batch) {
        TwinClient.Answer a = await(answer);
        assertEquals(200, a.status(), a.body().toString());
        decisionIds.add(a.headers().get("twin-decision-id"));
      }
    }
    assertEquals(CALLS, decisionIds.size());

    SignedCheckpoint checkpoint = await(log.latestCheckpoint()).orElseThrow();
    NoteVerifier.open(checkpoint.note(), List.of(log.verifierKey()));
    assertEquals(before + CALLS, checkpoint.size());
    byte[] root = checkpoint.checkpoint().rootHash();
    Set<String> recorded = new HashSet<>();
    for (long index = before; index < checkpoint.size(); index++) {
      InclusionProof proof = await(log.inclusionProof(index, checkpoint));
      ProofVerifier.verifyInclusion(index, checkpoint.size(), Rfc9162.leafHash(proof.leaf()), proof.path(), root);
      JsonObject record = new JsonObject(new String(proof.leaf(), StandardCharsets.UTF_8));
      assertEquals("allow", record.getString("decision"));
      recorded.add(record.getString("decision_id"));
    }
    assertEquals(decisionIds, recorded);
    room.close();
    await(broker.stop());
    await(log.close());
  }

  @Test
  void auditLogDown_refusesWith503AndForwardsNothing() throws Exception {
    AuditLog log = await(AuditLog.open(vertx, LogConfig.embeddedIn(dir.resolve("audit"))));
    Broker broker = broker(log);
    TwinClient room = new TwinClient(vertx, ecosystem, "room-12", broker.port(), CLOCK);
    await(log.close());

    TwinClient.Answer first = await(room.call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
        new JsonObject().put("outdoor_c", 3), false));
    TwinClient.Answer second = await(room.call("hvac-room-12/model/thermal/predict", "dpv:ServiceProvision", null,
        new JsonObject().put("outdoor_c", 3), false));

    assertEquals(503, first.status());
    assertEquals("https://twinguard.io/problems/audit-unavailable", first.json().getString("type"));
    assertEquals(503, second.status());
    assertTrue(second.json().getString("detail").contains("nothing was forwarded"), second.json().encode());
    room.close();
    await(broker.stop());
  }
}
