package io.twinguard.examples;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An example twin: its name, what each of its operations answers, and the events its gateway
 * blocks emit. The broker forwards a call of {@code kind/block/operation} to {@code POST
 * {endpoint}/{kind}/{block}/{operation}} with the JSON payload; the twin answers with JSON. A
 * subscription to a gateway block's events reads {@code GET {endpoint}/gateway/{block}/events}, a
 * server-sent event stream.
 *
 * @param name the twin's name (last segment of its SPIFFE ID)
 * @param operations handlers keyed by {@code kind/block/operation}
 * @param events event sources keyed by gateway block name; each call gives the next event
 */
public record ExampleTwin(String name, Map<String, UnaryOperator<JsonObject>> operations,
    Map<String, Supplier<JsonObject>> events) {
  public ExampleTwin {
    operations = Map.copyOf(operations);
    events = Map.copyOf(events);
  }

  /** A twin without gateway events. */
  public ExampleTwin(String name, Map<String, UnaryOperator<JsonObject>> operations) {
    this(name, operations, Map.of());
  }
}
