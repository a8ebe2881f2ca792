package io.twinguard.adapters.fmu;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * The JSON Schemas of a step operation, made from its declaration: the request may set only the
 * declared inputs and must carry every state value; the response must hold exactly the time, the
 * state and the declared outputs, all numbers.
 */
final class StepSchemas {

  private StepSchemas() {}

  static JsonObject request(FmuSettings.Step step) {
    return new JsonObject()
        .put("type", "object")
        .put("required", new JsonArray().add("time").add("step_size").add("state"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("time", number())
            .put("step_size", number().put("exclusiveMinimum", 0))
            .put("state", numbers(step.state().keySet(), true))
            .put("inputs", numbers(step.inputs(), false)));
  }

  static JsonObject response(FmuSettings.Step step) {
    return new JsonObject()
        .put("type", "object")
        .put("required", new JsonArray().add("time").add("state").add("outputs"))
        .put("additionalProperties", false)
        .put("properties", new JsonObject()
            .put("time", number())
            .put("state", numbers(step.state().keySet(), true))
            .put("outputs", numbers(step.outputs(), true)));
  }

  private static JsonObject numbers(Collection<String> names, boolean required) {
    JsonObject properties = new JsonObject();
    names.forEach(name -> properties.put(name, number()));
    JsonObject schema = new JsonObject().put("type", "object").put("additionalProperties", false).put("properties", properties);
    return required ? schema.put("required", new JsonArray(names.stream().toList())) : schema;
  }

  private static JsonObject number() {
    return new JsonObject().put("type", "number");
  }
}
