package io.twinguard.broker.server;

import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.pipeline.EventFlow;
import io.twinguard.broker.pipeline.Subscription;
import io.vertx.core.http.HttpServerResponse;

/**
 * Answers a subscription to a gateway block's events: a refused subscription gets its signed
 * problem; an allowed one gets the events as server-sent events, each decided, redacted and
 * recorded before it is written. When either side goes away, the other is closed.
 */
final class EventRoute {

  /** How many events may wait for their decisions before the target's stream is paused. */
  static final int MAX_PENDING = 32;

  private final EventFlow flow;

  EventRoute(EventFlow flow) {
    this.flow = flow;
  }

  void answer(EventFlow.Subscribed subscribed, HttpServerResponse response) {
    if (subscribed.subscription().isEmpty()) {
      subscribed.refusal().writeTo(response);
      return;
    }
    Subscription subscription = subscribed.subscription().get();
    response.setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader(SignAnswer.DECISION_ID, subscription.decisionId());
    response.write(": subscription " + subscription.decisionId() + "\n\n");
    response.closeHandler(closed -> subscription.stream().close().run());
    subscription.stream().chunks().exceptionHandler(failure -> {
      if (!response.closed()) {
        response.end();
      }
    });
    new EventPump(subscription.stream().chunks(), response, event -> flow.event(subscription, event), MAX_PENDING)
        .start(() -> {
          if (!response.closed()) {
            response.end();
          }
        });
  }
}
