package io.twinguard.audit.record;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks the typed records share; each throws IllegalArgumentException naming the field. */
final class Checks {

  private Checks() {}

  /** A record's time, as {@link DateTimeFormatter#ISO_INSTANT} writes it; the schema's pattern. */
  static String time(Instant time) {
    if (time == null) {
      throw new IllegalArgumentException("time: required");
    }
    return RecordLimits.TIME.check(DateTimeFormatter.ISO_INSTANT.format(time), "time");
  }

  /** A copy of a list of unique ids. */
  static List<String> ids(List<String> ids, String field) {
    List<String> copy = list(ids, field);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < copy.size(); i++) {
      String id = RecordLimits.ID.check(copy.get(i), field + "[" + i + "]");
      if (!seen.add(id)) {
        throw new IllegalArgumentException(field + "[" + i + "]: repeats an earlier item; items must be unique");
      }
    }
    return copy;
  }

  /** An unmodifiable copy of a list without nulls. */
  static <T> List<T> list(List<T> items, String field) {
    if (items == null) {
      throw new IllegalArgumentException(field + ": required, a list (empty when there is none)");
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new IllegalArgumentException(field + "[" + i + "]: must not be null");
      }
    }
    return List.copyOf(items);
  }

  /** Deep copies of obligations, each an object with a {@code type} id and only JSON values. */
  static List<JsonObject> obligations(List<JsonObject> obligations) {
    List<JsonObject> given = list(obligations, "obligations");
    List<JsonObject> copies = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      String field = "obligations[" + i + "]";
      JsonObject copy = given.get(i).copy();
      Object type = copy.getValue("type");
      if (!(type instanceof String)) {
        throw new IllegalArgumentException(field + ".type: required, an id");
      }
      RecordLimits.ID.check((String) type, field + ".type");
      jsonValue(copy, field);
      copies.add(copy);
    }
    return List.copyOf(copies);
  }

  /**
   * Fails unless the value is in the JSON value model a leaf can hold: strings (well-formed
   * Unicode), booleans, null, finite numbers of the JDK's immutable number types, arrays and objects
   * of these.
   */
  private static void jsonValue(Object value, String field) {
    if (value == null || value instanceof Boolean) {
      return;
    }
    if (value instanceof String s) {
      if (!Unicode.wellFormed(s)) {
        throw new IllegalArgumentException(field + ": holds an unpaired surrogate, not well-formed Unicode");
      }
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof Double
        || value instanceof Float || value instanceof BigDecimal) {
      // RFC 8785 writes every number as the IEEE 754 double it denotes
      if (!Double.isFinite(((Number) value).doubleValue())) {
        throw new IllegalArgumentException(field + ": must be a finite number");
      }
    } else if (value instanceof JsonObject object) {
      // the raw values: iterating a JsonObject would turn an Instant or byte[] into a string
      for (Map.Entry<String, Object> entry : object.getMap().entrySet()) {
        if (!Unicode.wellFormed(entry.getKey())) {
          throw new IllegalArgumentException(field + ": a name holds an unpaired surrogate");
        }
        jsonValue(entry.getValue(), field + "." + entry.getKey());
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        jsonValue(array.getList().get(i), field + "[" + i + "]");
      }
    } else {
      throw new IllegalArgumentException(
          field + ": a " + value.getClass().getSimpleName() + " is not a JSON value");
    }
  }
}
