package io.twinguard.broker.obligations;

import com.fasterxml.jackson.core.JsonPointer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@code redact} obligation to a JSON response: each RFC 6901 JSON Pointer names a value
 * that is removed, or masked with {@link #MASK}. The input is never changed.
 */
public final class Redaction {

  /** What a masked value becomes. */
  public static final String MASK = "[redacted]";

  /** Remove the value, or replace it with {@link #MASK}. */
  public enum Mode {
    REMOVE,
    MASK
  }

  /**
   * The redacted document and the pointers that named a value (a pointer to nothing is not an error:
   * the field was simply absent in this response).
   */
  public record Result(Object json, List<String> redacted) {
    public Result {
      redacted = List.copyOf(redacted);
    }
  }

  private Redaction() {}

  /**
   * Redacts {@code pointers} in a copy of {@code json}.
   *
   * @param json a {@link JsonObject} or {@link JsonArray}
   * @throws IllegalArgumentException when a pointer is not a valid RFC 6901 pointer or is the root
   */
  public static Result apply(Object json, List<String> pointers, Mode mode) {
    Object copy = copyOf(json);
    List<String> redacted = new ArrayList<>();
    for (String text : pointers) {
      JsonPointer pointer = compile(text);
      if (redactAt(copy, pointer, mode)) {
        redacted.add(text);
      }
    }
    return new Result(copy, redacted);
  }

  private static boolean redactAt(Object node, JsonPointer pointer, Mode mode) {
    JsonPointer rest = pointer.tail();
    if (rest.matches()) {
      return redactHere(node, pointer, mode);
    }
    Object child = child(node, pointer);
    return child != null && redactAt(child, rest, mode);
  }

  private static boolean redactHere(Object node, JsonPointer last, Mode mode) {
    if (node instanceof JsonObject object && object.containsKey(last.getMatchingProperty())) {
      if (mode == Mode.REMOVE) {
        object.remove(last.getMatchingProperty());
      } else {
        object.put(last.getMatchingProperty(), MASK);
      }
      return true;
    }
    if (node instanceof JsonArray array && last.mayMatchElement() && last.getMatchingIndex() < array.size()) {
      if (mode == Mode.REMOVE) {
        array.remove(last.getMatchingIndex());
      } else {
        array.set(last.getMatchingIndex(), MASK);
      }
      return true;
    }
    return false;
  }

  private static Object child(Object node, JsonPointer step) {
    if (node instanceof JsonObject object) {
      return object.getValue(step.getMatchingProperty());
    }
    if (node instanceof JsonArray array && step.mayMatchElement() && step.getMatchingIndex() < array.size()) {
      return array.getValue(step.getMatchingIndex());
    }
    return null;
  }

  private static JsonPointer compile(String text) {
    JsonPointer pointer;
    try {
      pointer = JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JSON Pointer: '" + text + "'", e);
    }
    if (pointer.matches()) {
      throw new IllegalArgumentException("cannot redact the whole document");
    }
    return pointer;
  }

  private static Object copyOf(Object json) {
    if (json instanceof JsonObject object) {
      return object.copy();
    }
    if (json instanceof JsonArray array) {
      return array.copy();
    }
    throw new IllegalArgumentException("only JSON objects and arrays can be redacted");
  }
}
