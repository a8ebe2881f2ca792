package io.twinguard.broker.call;

import io.vertx.core.Future;

/**
 * One step of the broker's pipeline: it takes the value the step before it established and returns
 * a future of its own. A step refuses by failing the future with a {@link
 * io.twinguard.broker.refusal.Refused} (see {@link io.twinguard.broker.refusal.Refusal#fail()});
 * any other failure is a fault of the broker. Steps never block the event loop and never reach
 * back to an earlier step.
 *
 * @param <I> what the step takes
 * @param <O> what it establishes
 */
@FunctionalInterface
public interface Step<I, O> {

  Future<O> apply(I input);
}
