package io.twinguard.broker.server;

import io.twinguard.broker.call.CallPipeline;
import io.twinguard.broker.call.Refusal;
import io.twinguard.broker.forward.Forwarder;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Relays a gateway block's events to one subscriber as server-sent events. Each event from the
 * target is decided for this subscriber, redacted as decided and recorded before it is written;
 * events the policies withhold are dropped. Events keep their order. When either side goes away,
 * the other is closed.
 */
final class EventRelay {

  private final CallPipeline pipeline;
  private final Forwarder forwarder;

  EventRelay(CallPipeline pipeline, Forwarder forwarder) {
    this.pipeline = pipeline;
    this.forwarder = forwarder;
  }

  /**
   * Starts relaying for an allowed subscription; {@code problems} answers when the target's stream
   * cannot be opened.
   */
  void relay(CallPipeline.Subscription subscription, HttpServerResponse response, BiConsumer<Problem, String> problems) {
    forwarder.events(subscription.target(), subscription.upstreamPath(), subscription.caller().id(),
            subscription.purpose(), subscription.decisionId())
        .onFailure(failure -> problems.accept(failure instanceof Refusal refusal
            ? refusal.problem()
            : new Problem(ProblemType.TARGET_UNAVAILABLE, "the target's event stream failed"),
            subscription.decisionId()))
        .onSuccess(upstream -> stream(subscription, upstream, response));
  }

  private void stream(CallPipeline.Subscription subscription, HttpClientResponse upstream, HttpServerResponse response) {
    response.setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache")
        .putHeader(ResponseSigner.DECISION_ID, subscription.decisionId());
    response.write(": subscription " + subscription.decisionId() + "\n\n");
    SseParser parser = new SseParser();
    AtomicReference<Future<Void>> tail = new AtomicReference<>(Future.succeededFuture());
    upstream.handler(chunk -> {
      for (String data : parser.feed(chunk.toString(StandardCharsets.UTF_8))) {
        Buffer event = Buffer.buffer(data);
        tail.set(tail.get()
            .compose(previous -> pipeline.event(subscription, event))
            .map(released -> {
              released.ifPresent(body -> {
                if (!response.closed()) {
                  response.write("data: " + body.toString(StandardCharsets.UTF_8) + "\n\n");
                }
              });
              return null;
            }));
      }
    });
    upstream.endHandler(end -> tail.get().onComplete(done -> {
      if (!response.closed()) {
        response.end();
      }
    }));
    upstream.exceptionHandler(failure -> {
      if (!response.closed()) {
        response.end();
      }
    });
    response.closeHandler(closed -> upstream.request().connection().close());
  }
}
