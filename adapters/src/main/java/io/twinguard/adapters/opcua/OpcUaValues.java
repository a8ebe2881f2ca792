package io.twinguard.adapters.opcua;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/** Between JSON values and OPC UA variants, for the types a declaration may name. Pure. */
final class OpcUaValues {

  /** The input argument types a method declaration may name. */
  static final List<String> TYPES = List.of("double", "float", "int32", "int64", "boolean", "string");

  /** One input argument: taken from the payload's {@code field}, sent as {@code type}. */
  record Input(String field, String type) {}

  private OpcUaValues() {}

  /**
   * The variant of a payload field.
   *
   * @throws IllegalArgumentException naming the field when it is missing or of another type
   */
  static Variant input(JsonObject payload, Input input) {
    Object value = payload.getValue(input.field());
    if (value == null) {
      throw new IllegalArgumentException("no value at /" + input.field());
    }
    Object converted = switch (input.type()) {
      case "double" -> value instanceof Number n ? n.doubleValue() : null;
      case "float" -> value instanceof Number n ? n.floatValue() : null;
      case "int32" -> value instanceof Number n && isWhole(n) && n.longValue() == n.intValue() ? n.intValue() : null;
      case "int64" -> value instanceof Number n && isWhole(n) ? n.longValue() : null;
      case "boolean" -> value instanceof Boolean b ? b : null;
      case "string" -> value instanceof String s ? s : null;
      default -> null;
    };
    if (converted == null) {
      throw new IllegalArgumentException("/" + input.field() + " must be a " + input.type());
    }
    return new Variant(converted);
  }

  private static boolean isWhole(Number n) {
    return n instanceof Integer || n instanceof Long || n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue());
  }

  /** The JSON value of a variant: numbers, booleans and strings as they are, anything else as text. */
  static Object json(Variant variant) {
    Object value = variant.getValue();
    if (value == null || value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? d : d.toString();
    }
    if (value instanceof Float f) {
      return Float.isFinite(f) ? (Object) f.doubleValue() : f.toString();
    }
    if (value instanceof Number n) {
      return n instanceof Byte || n instanceof Short || n instanceof Integer || n instanceof Long ? n.longValue() : n.toString();
    }
    return value.toString();
  }

  /** A status as its symbolic name, e.g. {@code Bad_NodeIdUnknown}. */
  static String name(StatusCode status) {
    return StatusCodes.lookup(status.getValue()).map(names -> names[0]).orElse(Objects.toString(status));
  }

  /** The problem with a value read or sampled, or {@code null} when it is good. */
  static String problem(String field, DataValue value) {
    StatusCode status = value.getStatusCode();
    return status == null || status.isGood() ? null : "status of " + field + ": " + name(status);
  }
}
