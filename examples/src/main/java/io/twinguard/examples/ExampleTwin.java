package io.twinguard.examples;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * An example twin: its name and what each of its operations answers. The broker forwards a call of
 * {@code kind/block/operation} to {@code POST {endpoint}/{kind}/{block}/{operation}} with the JSON
 * payload; the twin answers with JSON.
 *
 * @param name the twin's name (last segment of its SPIFFE ID)
 * @param operations handlers keyed by {@code kind/block/operation}
 */
public record ExampleTwin(String name, Map<String, UnaryOperator<JsonObject>> operations) {
  public ExampleTwin {
    operations = Map.copyOf(operations);
  }
}
