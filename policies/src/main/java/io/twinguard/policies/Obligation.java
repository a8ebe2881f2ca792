package io.twinguard.policies;

import io.vertx.core.json.JsonObject;

/**
 * Something the broker must do because of a decision: {@code redact} response fields,
 * {@code notify_subject}, or {@code request_consent} to remedy a denial. The fields beside
 * {@code type} depend on the type (see {@code schema/decision.schema.json}).
 *
 * @param type the obligation type, never blank
 * @param fields the other members of the obligation; copied in and out
 */
public record Obligation(String type, JsonObject fields) {

  /** Thrown {@link IllegalArgumentException} when type is blank or fields repeat it. */
  public Obligation {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("an obligation needs a type");
    }
    fields = fields == null ? new JsonObject() : fields.copy();
    if (fields.containsKey("type")) {
      throw new IllegalArgumentException("the type of an obligation goes in type, not in fields");
    }
  }

  @Override
  public JsonObject fields() {
    return fields.copy();
  }

  /** The obligation as the policies return it: {@code {"type": ..., ...fields}}. */
  public JsonObject toJson() {
    return fields.copy().put("type", type);
  }

  /** Reads an obligation as the policies return it; throws IllegalArgumentException if it has no type. */
  public static Obligation fromJson(JsonObject json) {
    JsonObject fields = json.copy();
    Object type = fields.remove("type");
    if (!(type instanceof String text)) {
      throw new IllegalArgumentException("an obligation needs a string type");
    }
    return new Obligation(text, fields);
  }
}
