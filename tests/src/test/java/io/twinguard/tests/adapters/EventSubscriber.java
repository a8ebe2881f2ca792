package io.twinguard.tests.adapters;

import io.twinguard.broker.forward.SseParser;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A subscriber to a gateway block's events through the broker: it collects the events' data and
 * the end of the stream (the problem of its last {@code event: end}, if any).
 */
final class EventSubscriber {

  private static final String PROBLEMS = "https://twinguard.io/problems/";

  final HttpClientResponse response;
  /** The data of every event, as received. */
  final List<JsonObject> events = new CopyOnWriteArrayList<>();
  /** Completes when the response ended, with the problem the stream ended with, if any. */
  final CompletableFuture<Optional<JsonObject>> ended = new CompletableFuture<>();

  private EventSubscriber(HttpClientResponse response) {
    this.response = response;
    SseParser parser = new SseParser();
    response.handler(chunk -> parser.feed(chunk.toString()).forEach(data -> events.add(new JsonObject(data))));
    response.endHandler(end -> ended.complete(problem()));
    response.exceptionHandler(ended::completeExceptionally);
  }

  /** Subscribes as {@code client} to {@code path} ({@code twin/gateway/block}) for {@code purpose}. */
  static EventSubscriber subscribe(TwinClient client, String path, String purpose) throws Exception {
    HttpClientResponse response = AdaptedBroker.await(client.subscribe(path, purpose));
    if (response.statusCode() != 200) {
      response.resume();
      throw new AssertionError("subscription refused: " + response.statusCode() + " "
          + AdaptedBroker.await(response.body()));
    }
    EventSubscriber subscriber = new EventSubscriber(response);
    response.resume();
    return subscriber;
  }

  /** The subscription's decision id. */
  String decisionId() {
    return response.getHeader("twin-decision-id");
  }

  /** The events that are not the stream's end. */
  List<JsonObject> data() {
    return events.stream().filter(event -> !event.getString("type", "").startsWith(PROBLEMS)).toList();
  }

  private Optional<JsonObject> problem() {
    return events.isEmpty() || !events.get(events.size() - 1).getString("type", "").startsWith(PROBLEMS)
        ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  /** Waits, bounded, until {@code condition} holds, doing {@code meanwhile} before each look. */
  static void until(BooleanSupplier condition, Runnable meanwhile, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within " + seconds + " s");
      }
      meanwhile.run();
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Closes the subscriber's connection. */
  void close() {
    response.request().connection().close();
  }
}
