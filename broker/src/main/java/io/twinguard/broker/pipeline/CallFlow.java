package io.twinguard.broker.pipeline;

import io.twinguard.broker.answer.Answer;
import io.twinguard.broker.call.Concluded;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Released;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.refusal.Refusals;
import io.vertx.core.Future;

/**
 * One twin-to-twin call, from what the broker received to its signed answer: authenticate, admit,
 * resolve, verify, validate, decide, arbitrate, record ahead (commands), forward, release; any
 * refusal on the way ends the call there. Every call, released or refused, ends in one decision
 * record, and its answer leaves only once that record is durable; a command reaches its target
 * only once its forwarding record is durable. Fails closed: no decision, no forwarding; no audit log, no
 * forwarding and no answer but the refusal.
 */
public final class CallFlow {

  private final Steps steps;
  private final BrokerMetrics metrics;

  public CallFlow(Steps steps, BrokerMetrics metrics) {
    this.steps = steps;
    this.metrics = metrics;
  }

  /** Runs one call to its answer; the future always succeeds. */
  public Future<Answer> run(Ingress ingress) {
    Trace trace = new Trace(ingress, metrics);
    return trace.stage("authenticate", steps.authenticate(), ingress)
        .compose(authenticated -> trace.stage("admit", steps.admit(), authenticated))
        .compose(admitted -> trace.stage("resolve", steps.resolve(), admitted))
        .compose(resolved -> trace.stage("verify", steps.verify(), resolved))
        .compose(verified -> trace.stage("validate", steps.validate(), verified))
        .compose(verified -> trace.stage("decide", steps.decide(), verified))
        .compose(decided -> trace.stage("arbitrate", steps.arbitrate(), decided))
        .compose(leased -> trace.stage("gate", steps.gate()::apply, leased))
        .compose(leased -> trace.stage("write-ahead", steps.writeAhead(), leased))
        .compose(leased -> trace.stage("forward", steps.forward(), leased))
        .compose(forwarded -> trace.stage("release", steps.release(), forwarded))
        .<Outcome>map(Released::outcome)
        .recover(failure -> Future.succeededFuture(
            new Outcome.Refused(ingress.decisionId(), Refusals.of(failure, ingress.decisionId()))))
        .compose(outcome -> recordThenRelease(trace, outcome));
  }

  /**
   * Sends the record, signs the answer while its commit is in flight, and gives the answer out only
   * once the record is durable; when the record failed, the answer that says so is signed instead.
   */
  private Future<Answer> recordThenRelease(Trace trace, Outcome outcome) {
    Future<Outcome> recorded = trace.time("record", steps.record(), new Concluded(trace.latest(), outcome));
    Future<Answer> signedAhead = trace.time("sign", steps.sign(), outcome);
    return recorded
        .onSuccess(trace::count)
        .compose(answered -> answered == outcome ? signedAhead : trace.time("sign", steps.sign(), answered));
  }
}
