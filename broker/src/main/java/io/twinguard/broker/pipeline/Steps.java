package io.twinguard.broker.pipeline;

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
import io.twinguard.broker.obligations.Release;
import io.twinguard.broker.registry.Resolve;
import io.twinguard.broker.validation.ValidatePayload;
import io.twinguard.broker.verification.VerifySignature;
import java.util.Objects;

/**
 * The broker's steps, in the order a call takes them. Built once, in {@link
 * io.twinguard.broker.Broker}; calls, subscriptions and events compose them.
 */
public record Steps(
    Authenticate authenticate,
    Admit admit,
    Resolve resolve,
    VerifySignature verify,
    ValidatePayload validate,
    Decide decide,
    Arbitrate arbitrate,
    AuditGate gate,
    WriteAhead writeAhead,
    Forward forward,
    OpenEvents openEvents,
    Release release,
    Record record,
    SignAnswer sign) {
  public Steps {
    Objects.requireNonNull(authenticate, "authenticate");
    Objects.requireNonNull(admit, "admit");
    Objects.requireNonNull(resolve, "resolve");
    Objects.requireNonNull(verify, "verify");
    Objects.requireNonNull(validate, "validate");
    Objects.requireNonNull(decide, "decide");
    Objects.requireNonNull(arbitrate, "arbitrate");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(writeAhead, "writeAhead");
    Objects.requireNonNull(forward, "forward");
    Objects.requireNonNull(openEvents, "openEvents");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(sign, "sign");
  }
}
