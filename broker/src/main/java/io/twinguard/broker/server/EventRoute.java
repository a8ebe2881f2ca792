package io.twinguard.broker.server;

import io.twinguard.broker.answer.SignAnswer;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.pipeline.EventFlow;
import io.twinguard.broker.pipeline.Subscription;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Answers a subscription to a gateway block's events: a refused subscription gets its signed
 * problem; an allowed one gets the events as server-sent events, each decided, redacted and
 * recorded before it is written. The subscriber always gets a clean end: when the target's stream
 * ends, when a decision revokes the subscription, or when the stream breaks off (the source went
 * away, the subscriber fell behind), the last event is {@code event: end} with the problem that
 * says why (recorded under its {@code instance}), then the response ends. When the subscriber goes
 * away, the target's stream is closed.
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
    EventStream stream = subscription.stream();
    response.setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader(SignAnswer.DECISION_ID, subscription.decisionId());
    response.write(": subscription " + subscription.decisionId() + "\n\n");
    response.closeHandler(closed -> stream.close());
    new EventPump(stream.events(), response, event -> flow.event(subscription, event), MAX_PENDING)
        .start(revoked -> {
          if (revoked.isPresent()) {
            stream.close();
            end(response, revoked);
          } else {
            stream.ended()
                .compose(broke -> broke.isPresent()
                    ? flow.ended(subscription, broke.get()).map(Optional::of)
                    : Future.succeededFuture(Optional.<JsonObject>empty()))
                .onSuccess(problem -> end(response, problem));
          }
        });
  }

  private static void end(HttpServerResponse response, Optional<JsonObject> problem) {
    if (response.closed() || response.ended()) {
      return;
    }
    problem.ifPresent(why -> response.write("event: end\ndata: " + why.encode() + "\n\n"));
    response.end();
  }
}
