package io.twinguard.broker.registry;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An operation of a block.
 *
 * @param name the operation name, as in the call URL
 * @param payloadSchema the JSON Schema (draft 2020-12) the request payload must satisfy; an empty
 *     schema accepts any JSON
 * @param command whether the operation moves the block's actuators (gateway commands)
 */
public record Operation(String name, JsonObject payloadSchema, boolean command) {
  public Operation {
    Names.requireName(name, "operation name");
    payloadSchema = Objects.requireNonNull(payloadSchema, "payloadSchema").copy();
  }

  @Override
  public JsonObject payloadSchema() {
    return payloadSchema.copy();
  }
}
