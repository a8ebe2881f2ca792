package io.twinguard.adapters.rest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Applies {@link FieldRule}s to a JSON document: a pure function, used in both directions (the
 * broker's request to the legacy request, the legacy answer to the broker's response).
 */
public final class JsonMapping {

  private JsonMapping() {}

  /** A source that does not fit the rules; the message names the pointer. */
  public static final class MappingException extends Exception {
    private static final long serialVersionUID = 1L;

    MappingException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Builds a new object from {@code source} by the rules, in order.
   *
   * @param source a decoded JSON value (JsonObject, JsonArray, String, Number, Boolean, or null)
   * @throws MappingException when a required value is missing, a converted value is not a number or
   *     an {@code each} value is not an array
   */
  public static JsonObject apply(List<FieldRule> rules, Object source) throws MappingException {
    JsonObject result = new JsonObject();
    for (FieldRule rule : rules) {
      Object value = FieldRule.pointer(rule.from()).queryJson(source);
      if (value == null) {
        if (rule.optional()) {
          continue;
        }
        throw new MappingException("no value at " + rule.from());
      }
      FieldRule.pointer(rule.to()).writeJson(result, map(rule, value), true);
    }
    return result;
  }

  private static Object map(FieldRule rule, Object value) throws MappingException {
    if (rule.unit().isPresent()) {
      if (!(value instanceof Number number)) {
        throw new MappingException("value at " + rule.from() + " is not a number");
      }
      return rule.unit().get().convert(number.doubleValue());
    }
    if (!rule.each().isEmpty()) {
      if (!(value instanceof JsonArray array)) {
        throw new MappingException("value at " + rule.from() + " is not a list");
      }
      JsonArray out = new JsonArray();
      for (int i = 0; i < array.size(); i++) {
        try {
          out.add(apply(rule.each(), array.getValue(i)));
        } catch (MappingException e) {
          throw new MappingException(rule.from() + "/" + i + ": " + e.getMessage());
        }
      }
      return out;
    }
    return copy(value);
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return value;
  }
}
