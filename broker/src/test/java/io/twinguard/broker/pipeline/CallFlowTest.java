package io.twinguard.broker.pipeline;

import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.admission.Admit;
import io.twinguard.broker.answer.Answer;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.answer.SignAnswerTest;
import io.twinguard.broker.arbitration.ActuatorLeases;
import io.twinguard.broker.arbitration.Arbitrate;
import io.twinguard.broker.audit.AuditGate;
import io.twinguard.broker.audit.Record;
import io.twinguard.broker.audit.WriteAhead;
import io.twinguard.broker.authentication.Authenticate;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.decision.Decide;
import io.twinguard.broker.decision.DecisionHooks;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.FixedEngine;
import io.twinguard.broker.fixtures.RecordingAuditTrail;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.forward.Forward;
import io.twinguard.broker.forward.OpenEvents;
import io.twinguard.broker.forward.TargetCall;
import io.twinguard.broker.forward.Targets;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.obligations.Release;
import io.twinguard.broker.registry.Resolve;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.broker.validation.ValidatePayload;
import io.twinguard.broker.verification.VerifySignature;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The whole call pipeline without TLS or a database: real steps, a fixed policy decision, a target
 * that answers in memory, and the audit trail in memory. Every call ends in exactly one record.
 */
class CallFlowTest {

  static final TestPki PKI = new TestPki(Calls.NOW);
  static final TestPki.Credentials OFFICE = PKI.twin("spiffe://test.example/twin/office");
  static final Decision.Allow ALLOW = new Decision.Allow(List.of(), 40, "rev-1");

  final RecordingAuditTrail audit = new RecordingAuditTrail();
  final FixedEngine engine = new FixedEngine(ALLOW);
  final BrokerMetrics metrics = new BrokerMetrics();
  final List<TargetCall> sent = new CopyOnWriteArrayList<>();
  Future<Upstream> targetAnswer = Future.succeededFuture(new Upstream(200, "application/json",
      Buffer.buffer("{\"predicted_c\":19.5}")));

  final CallFlow flow = new CallFlow(steps(), metrics);

  Steps steps() {
    return steps(new CopyOnWriteArrayList<>());
  }

  /** The steps; {@code recordsWhenSent} gets how many records were durable as each call was sent. */
  Steps steps(List<Integer> recordsWhenSent) {
    Targets targets = new Targets() {
      @Override
      public Future<Upstream> call(TargetCall call) {
        sent.add(call);
        recordsWhenSent.add(audit.records.size());
        return targetAnswer;
      }

      @Override
      public Future<EventStream> events(TargetCall subscription) {
        return Future.failedFuture("no events in this test");
      }
    };
    Arbitrate arbitrate = new Arbitrate(new ActuatorLeases(Calls.CLOCK, Duration.ofSeconds(30)));
    return new Steps(
        new Authenticate(Calls::catalog, PKI.broker(), Calls.CLOCK),
        new Admit(),
        new Resolve(),
        new VerifySignature(new ReplayGuard(Calls.CLOCK, Duration.ofSeconds(60), 100), Calls.CLOCK,
            Duration.ofSeconds(2)),
        new ValidatePayload(),
        new Decide(engine, FixtureConsents.none(), () -> PolicyInputs.Mode.NORMAL, DecisionHooks.NONE),
        arbitrate,
        new AuditGate(audit),
        new WriteAhead(audit, false, arbitrate::release),
        new Forward(targets, arbitrate::release),
        new OpenEvents(targets),
        new Release(),
        new Record(audit, Calls.CLOCK),
        new SignAnswer(PKI.broker(), Calls.CLOCK));
  }

  /** The sprinklers opening valve 1 of the thermostat: a command, signed as it must be. */
  static Calls signedOpen(TestPki.Credentials sprinklers) {
    Calls call = Calls.to("thermostat/gateway/valves/open").from("sprinklers").chain(sprinklers.chain())
        .header(Ingress.PURPOSE, "dpv:VitalInterest").json(new JsonObject().put("valve", "valve:1"));
    byte[] body = call.ingress().body().getBytes();
    String digest = ContentDigest.create(body, DigestAlgorithm.SHA_256);
    SignatureFields signature = new MessageSigner(sprinklers.keyPair().getPrivate()).sign(
        new HttpRequest("POST", URI.create(call.uri()),
            HttpFields.of("content-type", "application/json", ContentDigest.FIELD, digest), body),
        "twin", SignatureParams.builder(List.of(ComponentId.METHOD, ComponentId.TARGET_URI,
            ComponentId.field("content-type"), ComponentId.field("content-digest")))
            .created(Calls.NOW).nonce(UUID.randomUUID().toString()).keyid(sprinklers.id()).build());
    return call.header(ContentDigest.FIELD, digest)
        .header(SignatureFields.SIGNATURE_INPUT, signature.signatureInput())
        .header(SignatureFields.SIGNATURE, signature.signature());
  }

  static Calls predict() {
    return Calls.to("thermostat/model/heating/predict").chain(OFFICE.chain())
        .header(Ingress.PURPOSE, "dpv:ServiceProvision").json(new JsonObject().put("outdoor_c", 3));
  }

  @Test
  void run_allowedCall_isForwardedReleasedSignedAndRecordedOnce() {
    Ingress ingress = predict().ingress();

    Answer answer = value(flow.run(ingress));

    assertEquals(200, answer.status());
    assertEquals(19.5, answer.body().toJsonObject().getDouble("predicted_c"));
    assertEquals(ingress.decisionId(), answer.headers().get(SignAnswer.DECISION_ID));
    assertEquals(1, sent.size());
    assertEquals(1, audit.records.size());
    JsonObject record = audit.last();
    assertEquals("allow", record.getString("decision"));
    assertEquals(ingress.decisionId(), record.getString("decision_id"));
    assertEquals(200, record.getInteger("upstream_status"));
    assertEquals("rev-1", record.getString("bundle_revision"));
    assertTrue(metrics.scrape().contains("twinguard_step_seconds_count{step=\"forward\"} 1"), metrics.scrape());
  }

  @Test
  void run_recordCommitInFlight_answerIsGivenOutOnlyOnceItIsDurable() throws Exception {
    Promise<Void> commit = Promise.promise();
    audit.commit = commit.future();

    Future<Answer> answered = flow.run(predict().ingress());

    assertFalse(answered.isComplete(), "no answer while its record is not durable");
    commit.complete();
    Answer answer = value(answered);
    assertEquals(200, answer.status());
    SignAnswerTest.verify(answer, answer.body(), PKI.broker());
  }

  @Test
  void run_recordFailsAfterTheAnswerWasSigned_givesOutTheSignedRefusalInstead() throws Exception {
    audit.failNext = true;

    Answer answer = value(flow.run(predict().ingress()));

    assertEquals(503, answer.status());
    assertEquals("https://twinguard.io/problems/audit-unavailable", answer.body().toJsonObject().getString("type"));
    SignAnswerTest.verify(answer, answer.body(), PKI.broker());
  }

  @Test
  void run_unauthenticatedCall_isRefusedAndRecordedWithoutForwarding() {
    Answer answer = value(flow.run(predict().chain(List.of()).ingress()));

    assertEquals(401, answer.status());
    assertEquals(List.of(), sent);
    assertEquals(1, audit.records.size());
    assertEquals("refused", audit.last().getString("decision"));
  }

  @Test
  void run_deniedCall_isRefusedWithReasonsAndNothingForwarded() {
    engine.answer(new Decision.Deny(List.of(new Reason("ip", "export_forbidden", "the model stays home")), List.of(),
        "rev-1"));

    Answer answer = value(flow.run(predict().ingress()));

    assertEquals(403, answer.status());
    assertEquals("export_forbidden",
        answer.body().toJsonObject().getJsonArray("reasons").getJsonObject(0).getString("code"));
    assertEquals(List.of(), sent);
    assertEquals("deny", audit.last().getString("decision"));
    assertEquals("spiffe://test.example/twin/thermostat", audit.last().getString("target"));
  }

  @Test
  void run_auditLogDown_forwardsNothingAndAnswersAuditUnavailable() {
    audit.up = false;

    Answer answer = value(flow.run(predict().ingress()));

    assertEquals(503, answer.status());
    assertEquals("https://twinguard.io/problems/audit-unavailable",
        answer.body().toJsonObject().getString("type"));
    assertEquals(List.of(), sent);
  }

  @Test
  void run_targetFailingUnexpectedly_isInternalWithoutDetailAndRecorded() {
    targetAnswer = Future.failedFuture(new IllegalStateException("secret internals"));

    Answer answer = value(flow.run(predict().ingress()));

    assertEquals(500, answer.status());
    assertFalse(answer.body().toString().contains("secret internals"), answer.body().toString());
    assertFalse(answer.body().toString().contains("IllegalStateException"), answer.body().toString());
    assertEquals(1, audit.records.size());
    assertEquals("https://twinguard.io/problems/internal", audit.last().getString("problem"));
  }

  @Test
  void run_command_isRecordedBeforeItIsForwardedAndAgainWithItsOutcome() {
    TestPki.Credentials sprinklers = PKI.twin("spiffe://test.example/twin/sprinklers");
    Ingress ingress = signedOpen(sprinklers).ingress();
    List<Integer> recordsWhenSent = new CopyOnWriteArrayList<>();
    sent.clear();
    targetAnswer = Future.succeededFuture(new Upstream(200, "application/json", Buffer.buffer("{\"ok\":true}")));
    CallFlow watched = new CallFlow(steps(recordsWhenSent), metrics);

    Answer answer = value(watched.run(ingress));

    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals(List.of(1), recordsWhenSent, "the forwarding record was durable when the command was sent");
    assertEquals(List.of("forwarding", "decision"), audit.records.stream().map(r -> r.getString("kind")).toList());
    assertEquals(List.of(ingress.decisionId(), ingress.decisionId()),
        audit.records.stream().map(r -> r.getString("decision_id")).toList());
    assertEquals(List.of("valve:1"), audit.records.get(0).getJsonArray("actuators").getList());
    assertEquals(List.of("accept", "accept"), audit.via, "the call path waits for durability, not for an index");
  }

  @Test
  void run_commandWhileTheLogFailsItsForwardingRecord_isNotForwarded() {
    TestPki.Credentials sprinklers = PKI.twin("spiffe://test.example/twin/sprinklers");
    audit.failNext = true;

    Answer answer = value(flow.run(signedOpen(sprinklers).ingress()));

    assertEquals(503, answer.status(), answer.body().toString());
    assertEquals(List.of(), sent);
    assertEquals(List.of("decision"), audit.records.stream().map(r -> r.getString("kind")).toList());
  }

  @Test
  void run_everyRefusalOnTheWay_endsInExactlyOneRecord() {
    List<Ingress> refused = List.of(
        predict().chain(List.of()).ingress(),
        Calls.to("thermostat/model/heating/predict").chain(OFFICE.chain()).ingress(),
        Calls.to("nobody/model/heating/predict").chain(OFFICE.chain()).header(Ingress.PURPOSE, "dpv:Research").ingress(),
        Calls.to("thermostat/gateway/valves/open").chain(OFFICE.chain()).header(Ingress.PURPOSE, "dpv:Research")
            .json(new JsonObject().put("valve", "valve:1")).ingress(),
        Calls.to("thermostat/model/heating/predict").chain(OFFICE.chain()).header(Ingress.PURPOSE, "dpv:Research")
            .json(new JsonObject().put("outdoor_c", "cold")).ingress());

    List<Integer> statuses = refused.stream().map(ingress -> value(flow.run(ingress)).status()).toList();

    assertEquals(List.of(401, 400, 404, 401, 422), statuses);
    assertEquals(refused.stream().map(Ingress::decisionId).toList(),
        audit.records.stream().map(r -> r.getString("decision_id")).toList());
    assertEquals(List.of(), sent);
  }
}
