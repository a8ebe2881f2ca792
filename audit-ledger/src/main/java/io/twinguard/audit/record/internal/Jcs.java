package io.twinguard.audit.record.internal;

import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 8785 (JCS) canonical JSON written straight from Java values, for the value model of audit
 * records: strings, booleans, null, numbers, {@link JsonArray} and {@link JsonObject}. Writing the
 * canonical form directly saves the audit log an encode and a parse per record; it is checked
 * against the RFC 8785 vectors and against {@link CanonicalJson} (the general implementation)
 * in the tests.
 *
 * <p>Strings are written as RFC 8785 section 3.2.2.2 says (ECMAScript's JSON.stringify): only
 * {@code "}, {@code \} and control characters are escaped. Object members are sorted by the
 * UTF-16 code units of their names, which is {@link String#compareTo}. An integer of at most
 * 2^53 in magnitude is written in decimal, which is its ECMAScript form; any other number goes to
 * {@link CanonicalJson}, so the ECMAScript number serialisation lives in one place.
 */
public final class Jcs {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long MAX_EXACT = 1L << 53;

  private Jcs() {}

  /**
   * Appends a value in canonical form.
   *
   * @throws IllegalArgumentException for a value outside the model, a number that is not finite
   *     or a string with an unpaired surrogate
   */
  public static void value(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Number n) {
      number(out, n);
    } else if (value instanceof JsonObject object) {
      object(out, object);
    } else if (value instanceof JsonArray array) {
      out.append('[');
      for (int i = 0; i < array.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(out, array.getValue(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " is not a JSON value");
    }
  }

  /** Appends an object with its members sorted by name. */
  private static void object(StringBuilder out, JsonObject object) {
    String[] names = object.fieldNames().toArray(String[]::new);
    Arrays.sort(names);
    out.append('{');
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, names[i]);
      out.append(':');
      // getValue wraps a plain map or list held inside as a JsonObject or JsonArray
      value(out, object.getValue(names[i]));
    }
    out.append('}');
  }

  /** Appends a string, escaped as RFC 8785 requires. */
  public static void string(StringBuilder out, String s) {
    out.append('"');
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else {
            throw new IllegalArgumentException("a string with an unpaired surrogate is not well-formed Unicode");
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Appends a number as the ECMAScript form of the IEEE 754 double it denotes: for a float, a
   * {@link BigInteger} or a {@link BigDecimal}, the double nearest to its decimal text.
   */
  public static void number(StringBuilder out, Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      long v = n.longValue();
      if (v >= -MAX_EXACT && v <= MAX_EXACT) {
        out.append(v);
        return;
      }
    } else if (!(n instanceof Double || n instanceof Float || n instanceof BigInteger || n instanceof BigDecimal)) {
      throw new IllegalArgumentException("a " + n.getClass().getSimpleName() + " is not a JSON number");
    }
    // a float, big integer or decimal means the number its text shows, as Vert.x would encode it
    double d = n instanceof Double value ? value : Double.parseDouble(n.toString());
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("JSON has no number " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
      out.append((long) d); // also turns -0.0 into 0, as ECMAScript does
      return;
    }
    // the canonicalizer reads only an object or array at the top: one number in brackets
    String array = new String(CanonicalJson.canonicalize("[" + d + "]"), StandardCharsets.UTF_8);
    out.append(array, 1, array.length() - 1);
  }
}
