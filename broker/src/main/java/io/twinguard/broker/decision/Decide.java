package io.twinguard.broker.decision;

import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.broker.call.Decided;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.call.Verified;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.refusal.Denied;
import io.twinguard.broker.refusal.PolicyUnavailable;
import io.twinguard.policies.Decision;
import io.twinguard.policies.PolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks the policies: reads the consents the call's data subjects gave the caller's organisation,
 * builds the policy input and has the engine decide. An allowed call goes on; a denied one is
 * refused with the policies' reasons, after each of its {@code request_consent} obligations became
 * a request the subject can answer (a request that cannot be made is logged; the call is refused
 * all the same); when no decision can be made, nothing goes on (fail closed). The input's time is
 * when the broker received the call (the record's time), and the decision carries what else
 * rebuilds the input exactly ({@link DecisionRecord.PolicyInputRef}); the {@link DecisionHooks}
 * learn of the input and the decision.
 */
public final class Decide implements Step<Verified, Decided> {

  private static final Logger LOG = Logger.getLogger(Decide.class.getName());
  private static final String REQUEST_CONSENT = "request_consent";

  private final PolicyEngine engine;
  private final ConsentSource consents;
  private final Supplier<PolicyInputs.Mode> mode;
  private final DecisionHooks hooks;

  public Decide(PolicyEngine engine, ConsentSource consents, Supplier<PolicyInputs.Mode> mode, DecisionHooks hooks) {
    this.engine = engine;
    this.consents = consents;
    this.mode = mode;
    this.hooks = hooks;
  }

  @Override
  public Future<Decided> apply(Verified verified) {
    Resolved call = verified.resolved();
    return consents.consentsOf(call.admitted().subjects(), call.caller().twin().org())
        .recover(failure -> new PolicyUnavailable(
            "the consents of the call's data subjects could not be read", engine.revision(), List.of(), null).fail())
        .compose(records -> {
          List<String> ids = records.stream().map(r -> r.getString("id")).toList();
          PolicyInputs.Mode now = mode.get();
          JsonObject input = PolicyInputs.build(call.caller().twin(), call.caller().auth(), call.target(), call.block(),
              call.operation(), call.admitted().purpose(), call.admitted().subjects(), records,
              verified.ingress().received(), now, verified.signed());
          DecisionRecord.PolicyInputRef ref = reference(call, now, records);
          hooks.inputSeen(call.catalog(), records);
          return engine.decide(input).compose(decision -> {
            hooks.decided(verified.ingress().decisionId(), input, decision);
            return enforce(verified, decision, ids, ref);
          });
        });
  }

  /** What rebuilds the input; null (and the record says nothing) when a value cannot go into a record. */
  private static DecisionRecord.PolicyInputRef reference(Resolved call, PolicyInputs.Mode mode,
      List<JsonObject> records) {
    try {
      return new DecisionRecord.PolicyInputRef(call.caller().auth(), mode.wireName(), call.catalog().revision(),
          records.stream().map(r -> new DecisionRecord.ConsentVersion(r.getString("id"), PolicyInputs.consentVersion(r))).toList());
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "a policy input cannot be referred to in its record: " + e.getMessage());
      return null;
    }
  }

  private Future<Decided> enforce(Verified verified, Decision decision, List<String> consents,
      DecisionRecord.PolicyInputRef ref) {
    if (decision instanceof Decision.Allow allow) {
      return Future.succeededFuture(new Decided(verified, allow, consents, ref));
    }
    if (decision instanceof Decision.Deny deny) {
      return requestConsents(deny, verified.resolved().caller().id())
          .transform(asked -> new Denied(deny, consents, ref).fail());
    }
    Decision.Undecided undecided = (Decision.Undecided) decision;
    return new PolicyUnavailable("no policy decision could be made: " + undecided.why(), undecided.revision(),
        consents, ref).fail();
  }

  /** Turns the denial's request_consent obligations into requests; completes when each is settled. */
  private Future<Void> requestConsents(Decision.Deny deny, String requester) {
    List<Future<Void>> asked = deny.obligations().stream()
        .filter(obligation -> REQUEST_CONSENT.equals(obligation.type()))
        .map(obligation -> consents.requestConsent(obligation.toJson(), requester)
            .onFailure(e -> LOG.log(Level.WARNING, "a consent request of " + requester + " could not be recorded: "
                + e.getMessage())))
        .toList();
    return asked.isEmpty() ? Future.succeededFuture() : Future.join(asked).mapEmpty();
  }
}
