package io.twinguard.broker.pipeline;

import io.twinguard.broker.call.Outcome;
import io.twinguard.broker.call.Stage;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.refusal.Denied;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * One call's way through the steps: times each step and remembers the latest stage reached, which
 * is what the call's record is made of when a later step refuses. The steps of one call run one
 * after another, each starting after the previous future completed, so no two threads touch a
 * trace at once.
 */
final class Trace {

  private final BrokerMetrics metrics;
  private Stage latest;

  Trace(Stage first, BrokerMetrics metrics) {
    this.latest = first;
    this.metrics = metrics;
  }

  /** Runs a step that establishes a stage; on success the stage becomes the latest. */
  <I, O extends Stage> Future<O> stage(String name, Step<I, O> step, I input) {
    return time(name, step, input).onSuccess(stage -> latest = stage);
  }

  /** Runs a step and records how long its future took, whatever its outcome. */
  <I, O> Future<O> time(String name, Step<I, O> step, I input) {
    long start = System.nanoTime();
    Future<O> result;
    try {
      result = step.apply(input);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(done -> metrics.step(name, System.nanoTime() - start));
  }

  Stage latest() {
    return latest;
  }

  /** Counts how the call ended: allowed, denied by a policy (the first reason), or refused by the broker. */
  void count(Outcome outcome) {
    if (outcome instanceof Outcome.Refused refused) {
      if (refused.refusal() instanceof Denied denied) {
        metrics.decision("deny", denied.deny().reasons().get(0).policy(), denied.deny().reasons().get(0).code());
      } else {
        metrics.decision("refused", "broker", refused.refusal().problem().type().name().toLowerCase(Locale.ROOT));
      }
    } else {
      metrics.decision("allow", "none", "none");
    }
  }
}
