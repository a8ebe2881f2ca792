package io.twinguard.broker;

import io.twinguard.broker.adapter.AdapterReadiness;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.admission.Admit;
import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.arbitration.Arbitrate;
import io.twinguard.broker.audit.AuditGate;
import io.twinguard.broker.audit.Record;
import io.twinguard.broker.audit.WriteAhead;
import io.twinguard.broker.authentication.Authenticate;
import io.twinguard.broker.decision.Decide;
import io.twinguard.broker.forward.Forward;
import io.twinguard.broker.forward.OpenEvents;
import io.twinguard.broker.forward.TwinTargets;
import io.twinguard.broker.lifecycle.PolicyLifecycle;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.obligations.Release;
import io.twinguard.broker.pipeline.Steps;
import io.twinguard.broker.registry.Resolve;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.broker.server.Readiness;
import io.twinguard.broker.validation.ValidatePayload;
import io.twinguard.broker.verification.VerifySignature;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's steps and the {@code /ready} checks of a broker, built from its parts: the registry
 * and mode read from {@code state} on every call, the nonces and leases where {@link
 * Broker.Parts#sharing} keeps them.
 */
final class Wiring {

  private Wiring() {}

  static Steps steps(Broker.Parts parts, Broker.Tuning tuning, Clock clock, EcosystemState state,
      BrokerMetrics metrics, TwinTargets targets) {
    Arbitrate arbitrate = new Arbitrate(parts.sharing().leases(clock, tuning.leaseTtl()));
    SignAnswer sign = new SignAnswer(parts.identity(), clock);
    return new Steps(
        new Authenticate(() -> state.current().catalog(), parts.identity(), parts.identityProvider(), clock),
        new Admit(),
        new Resolve(),
        new VerifySignature(parts.sharing().nonces(
            new ReplayGuard(clock, tuning.signatureWindow(), tuning.nonceCapacity())), clock, tuning.clockSkew()),
        new ValidatePayload(),
        new Decide(parts.engine(), parts.consents(), () -> state.current().mode(),
            PolicyLifecycle.hooks(parts.lifecycle(), metrics)),
        arbitrate,
        new AuditGate(parts.audit()),
        new WriteAhead(parts.audit(), tuning.writeAheadEveryCall(), arbitrate::release),
        new Forward(targets, arbitrate::release),
        new OpenEvents(targets),
        new Release(),
        new Record(parts.audit(), clock),
        sign);
  }

  static List<Readiness> readiness(Vertx vertx, Broker.Parts parts, EcosystemState state) {
    List<Readiness> checks = new ArrayList<>();
    checks.add(() -> new Readiness.Check("policies", !"none".equals(parts.engine().revision()),
        new JsonObject().put("revision", parts.engine().revision())));
    checks.add(() -> new Readiness.Check("audit", parts.audit().available(), new JsonObject()));
    checks.add(new AdapterReadiness(vertx, () -> state.current().catalog()));
    parts.identityProvider().ifPresent(provider -> checks.add(provider.readiness()));
    checks.addAll(parts.readiness());
    checks.addAll(parts.sharing().readiness());
    return checks;
  }
}
