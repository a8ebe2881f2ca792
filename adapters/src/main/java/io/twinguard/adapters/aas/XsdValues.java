package io.twinguard.adapters.aas;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * Between an AAS Property's lexical value (its {@code valueType}, an XML Schema datatype) and JSON:
 * decimals and floating point numbers as JSON numbers, the integer types as JSON integers,
 * {@code xs:boolean} as a JSON boolean, every other type as a JSON string. Pure.
 */
final class XsdValues {

  private static final Set<String> DECIMALS = Set.of("xs:double", "xs:float", "xs:decimal");
  private static final Set<String> INTEGERS = Set.of("xs:integer", "xs:long", "xs:int", "xs:short", "xs:byte",
      "xs:nonNegativeInteger", "xs:positiveInteger", "xs:nonPositiveInteger", "xs:negativeInteger",
      "xs:unsignedLong", "xs:unsignedInt", "xs:unsignedShort", "xs:unsignedByte");

  private XsdValues() {}

  /** The JSON Schema type of a value type: {@code number}, {@code integer}, {@code boolean} or {@code string}. */
  static String jsonType(String valueType) {
    if (DECIMALS.contains(valueType)) {
      return "number";
    }
    if (INTEGERS.contains(valueType)) {
      return "integer";
    }
    return "xs:boolean".equals(valueType) ? "boolean" : "string";
  }

  /**
   * The JSON value of a lexical value; {@code null} stays {@code null}.
   *
   * @throws IllegalArgumentException when the text is not of the type
   */
  static Object toJson(String lexical, String valueType) {
    if (lexical == null) {
      return null;
    }
    String text = lexical.trim();
    return switch (jsonType(valueType)) {
      case "number" -> switch (text) {
        case "INF" -> "INF";
        case "-INF" -> "-INF";
        case "NaN" -> "NaN";
        default -> Double.parseDouble(text);
      };
      case "integer" -> new BigInteger(text.startsWith("+") ? text.substring(1) : text).longValueExact();
      case "boolean" -> switch (text) {
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw new IllegalArgumentException("not an xs:boolean");
      };
      default -> lexical;
    };
  }

  /**
   * The lexical value of a JSON value for a type.
   *
   * @throws IllegalArgumentException naming the expected JSON type when the value does not fit
   */
  static String toLexical(Object value, String valueType) {
    String type = jsonType(valueType);
    boolean fits = switch (type) {
      case "number" -> value instanceof Number n && Double.isFinite(n.doubleValue());
      case "integer" -> value instanceof Number n && isWhole(n);
      case "boolean" -> value instanceof Boolean;
      default -> value instanceof String;
    };
    if (!fits) {
      throw new IllegalArgumentException("must be a JSON " + type + " (" + valueType + ")");
    }
    if (value instanceof Number n) {
      return "integer".equals(type) ? new BigDecimal(n.toString()).toBigIntegerExact().toString() : n.toString();
    }
    return value.toString();
  }

  private static boolean isWhole(Number n) {
    try {
      new BigDecimal(n.toString()).toBigIntegerExact();
      return true;
    } catch (ArithmeticException | NumberFormatException e) {
      return false;
    }
  }
}
