package io.twinguard.broker.audit;

import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.twinguard.broker.call.Concluded;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.refusal.Denied;
import io.twinguard.broker.refusal.IdentityRefusal;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordTest {

  final RecordingAuditTrail audit = new RecordingAuditTrail();
  final Record record = new Record(audit, Calls.CLOCK);

  @Test
  void apply_refusalBeforeAuthentication_isRecordedWithoutCaller() {
    Calls call = Calls.to("thermostat/data/readings/read");
    var ingress = call.ingress();

    Outcome outcome = value(record.apply(new Concluded(ingress,
        new Outcome.Refused(ingress.decisionId(), new Refusal.Unauthenticated("no certificate")))));

    assertInstanceOf(Outcome.Refused.class, outcome);
    JsonObject recorded = audit.last();
    assertEquals(ingress.decisionId(), recorded.getString("decision_id"));
    assertEquals("refused", recorded.getString("decision"));
    assertEquals(401, recorded.getInteger("status"));
    assertEquals("https://twinguard.io/problems/unauthenticated", recorded.getString("problem"));
    assertNull(recorded.getString("caller"));
    assertNull(recorded.getString("target"));
  }

  @Test
  void apply_refusalOfAVerifiedTokensTwin_isRecordedWithTheAskerAsCaller() {
    var ingress = Calls.to("thermostat/data/readings/read").ingress();
    Refusal refusal = new Refusal.Identity(new IdentityRefusal.MethodNotAllowed("certificate only"),
        Optional.of("spiffe://test.example/twin/office"));

    value(record.apply(new Concluded(ingress, new Outcome.Refused(ingress.decisionId(), refusal))));

    assertEquals("spiffe://test.example/twin/office", audit.last().getString("caller"));
    assertEquals("https://twinguard.io/problems/auth-method-not-allowed", audit.last().getString("problem"));
  }

  @Test
  void apply_denial_isRecordedWithTheReasonsConsentsAndRevision() {
    var verified = Calls.to("thermostat/data/readings/read").subjects("ada").verified();
    Decision.Deny deny = new Decision.Deny(List.of(new Reason("privacy", "consent_missing", "no consent")), List.of(),
        "rev-7");

    value(record.apply(new Concluded(verified, new Outcome.Refused(verified.ingress().decisionId(),
        new Denied(deny, List.of("consent-9"), null)))));

    JsonObject recorded = audit.last();
    assertEquals("deny", recorded.getString("decision"));
    assertEquals("spiffe://test.example/twin/office", recorded.getString("caller"));
    assertEquals("spiffe://test.example/twin/thermostat", recorded.getString("target"));
    assertEquals(List.of("ada"), recorded.getJsonArray("subjects").getList());
    assertEquals(List.of("consent-9"), recorded.getJsonArray("consents").getList());
    assertEquals("rev-7", recorded.getString("bundle_revision"));
    assertEquals("consent_missing", recorded.getJsonArray("reasons").getJsonObject(0).getString("code"));
  }

  @Test
  void apply_outcome_isRecordedThroughAcceptAndAnsweredOnlyOnceDurable() {
    var verified = Calls.to("thermostat/data/readings/read").verified();
    Promise<Void> commit = Promise.promise();
    audit.commit = commit.future();

    Future<Outcome> answered = record.apply(new Concluded(verified, new Outcome.Refused(
        verified.ingress().decisionId(), new Refusal.UnknownTarget("no such twin"))));

    assertFalse(answered.isComplete(), "no answer before the record is durable");
    commit.complete();
    assertInstanceOf(Outcome.Refused.class, value(answered));
    assertEquals(List.of("accept"), audit.via);
  }

  @Test
  void apply_logDown_withholdsTheOutcomeAsAuditUnavailable() {
    audit.up = false;
    var ingress = Calls.to("thermostat/data/readings/read").ingress();

    Outcome outcome = value(record.apply(new Concluded(ingress, new Outcome.Refused(ingress.decisionId(),
        new Refusal.UnknownTarget("no such twin")))));

    Outcome.Refused refused = assertInstanceOf(Outcome.Refused.class, outcome);
    assertInstanceOf(Refusal.AuditUnavailable.class, refused.refusal());
    assertEquals(ingress.decisionId(), refused.decisionId());
  }
}
