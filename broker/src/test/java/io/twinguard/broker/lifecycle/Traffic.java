package io.twinguard.broker.lifecycle;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.admission.Admit;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.arbitration.ActuatorLeases;
import io.twinguard.broker.arbitration.Arbitrate;
import io.twinguard.broker.audit.AuditGate;
import io.twinguard.broker.audit.LogAuditTrail;
import io.twinguard.broker.audit.Record;
import io.twinguard.broker.audit.WriteAhead;
import io.twinguard.broker.authentication.Authenticate;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.consent.FixtureConsents;
import io.twinguard.broker.decision.Decide;
import io.twinguard.broker.decision.DecisionHooks;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.fixtures.TestPki;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.forward.Forward;
import io.twinguard.broker.forward.OpenEvents;
import io.twinguard.broker.forward.TargetCall;
import io.twinguard.broker.forward.Targets;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.obligations.Release;
import io.twinguard.broker.pipeline.Steps;
import io.twinguard.broker.registry.Resolve;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.broker.validation.ValidatePayload;
import io.twinguard.broker.verification.VerifySignature;
import io.twinguard.common.settings.PolicySettings;
import io.twinguard.policies.InProcessPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Example traffic through the broker's real steps, recorded in a real audit log: the office reads
 * the thermostat's location readings about one data subject, or asks its heating model. Ann
 * consented to location data implicitly, Bob explicitly, Cid not at all. The target answers in
 * memory.
 */
final class Traffic {

  static final TestPki PKI = new TestPki(Calls.NOW);
  static final TestPki.Credentials OFFICE = PKI.twin("spiffe://test.example/twin/office");
  static final String CONSENTS = """
      consents:
        - {id: consent-ann, subject: ann, recipient_org: office-co, purposes: [dpv:ServiceProvision],
           data_categories: [pd:Location], explicit: false, status: given, expires: null, version: 3}
        - {id: consent-bob, subject: bob, recipient_org: office-co, purposes: [dpv:ServiceProvision],
           data_categories: [pd:Location], explicit: true, status: given, expires: null, version: 1}
      """;

  private Traffic() {}

  /** The policy settings of a broker that verifies bundles with {@code publicKey}, with {@code shadow} if given. */
  static PolicySettings verifying(Path publicKey, Optional<String> shadow) {
    return new PolicySettings(PolicySettings.Engine.WASM, URI.create("http://127.0.0.1:8181"), 2000,
        Optional.empty(), Optional.of(publicKey), "RS256", Optional.empty(), 30, 8_388_608, 120, 1, shadow);
  }

  static Ingress read(String subject) {
    return Calls.to("thermostat/data/readings/read").chain(OFFICE.chain())
        .header(Ingress.PURPOSE, "dpv:ServiceProvision").header(Ingress.SUBJECTS, subject).ingress();
  }

  static Ingress predict() {
    return Calls.to("thermostat/model/heating/predict").chain(OFFICE.chain())
        .header(Ingress.PURPOSE, "dpv:ServiceProvision").json(new JsonObject().put("outdoor_c", 3)).ingress();
  }

  static Steps steps(InProcessPolicyEngine engine, DecisionHooks hooks, AuditLog log) {
    Targets targets = new Targets() {
      @Override
      public Future<Upstream> call(TargetCall call) {
        return Future.succeededFuture(new Upstream(200, "application/json",
            Buffer.buffer("{\"occupant\":\"someone\",\"predicted_c\":19.5}")));
      }

      @Override
      public Future<EventStream> events(TargetCall subscription) {
        return Future.failedFuture("no events in this test");
      }
    };
    Arbitrate arbitrate = new Arbitrate(new ActuatorLeases(Calls.CLOCK, Duration.ofSeconds(30)));
    LogAuditTrail audit = new LogAuditTrail(log);
    return new Steps(
        new Authenticate(Calls::catalog, PKI.broker(), Calls.CLOCK),
        new Admit(),
        new Resolve(),
        new VerifySignature(new ReplayGuard(Calls.CLOCK, Duration.ofSeconds(60), 100), Calls.CLOCK,
            Duration.ofSeconds(2)),
        new ValidatePayload(),
        new Decide(engine, FixtureConsents.parseYaml(CONSENTS), () -> PolicyInputs.Mode.NORMAL, hooks),
        arbitrate,
        new AuditGate(audit),
        new WriteAhead(audit, false, arbitrate::release),
        new Forward(targets, arbitrate::release),
        new OpenEvents(targets),
        new Release(),
        new Record(audit, Calls.CLOCK),
        new SignAnswer(PKI.broker(), Calls.CLOCK));
  }
}
