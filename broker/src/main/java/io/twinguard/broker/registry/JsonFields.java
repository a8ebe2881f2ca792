package io.twinguard.broker.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reading the registry's JSON form value by value: each read runs under the path of its value, so
 * that whatever is wrong surfaces as one {@link RegistryException} naming that path.
 */
final class JsonFields {

  private JsonFields() {}

  /**
   * The value {@code read} returns.
   *
   * @throws RegistryException naming {@code path} when the value has the wrong type or is refused
   */
  static <T> T at(String path, Supplier<T> read) {
    try {
      return read.get();
    } catch (ClassCastException e) {
      throw new RegistryException(path + ": wrong type of value", e);
    } catch (RegistryException e) {
      throw e;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RegistryException(path + ": " + (e.getMessage() == null ? "required" : e.getMessage()), e);
    }
  }

  static String requiredString(JsonObject json, String key) {
    String value = json.getString(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("required");
    }
    return value;
  }

  static JsonObject requiredObject(Object value) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new IllegalArgumentException("must be a mapping");
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s) || s.isBlank()) {
        throw new IllegalArgumentException("item " + i + " must be a non-empty string");
      }
      out.add(s);
    }
    return out;
  }

  static Map<String, String> stringMap(JsonObject object) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : object.fieldNames()) {
      if (!(object.getValue(key) instanceof String s)) {
        throw new IllegalArgumentException("value of '" + key + "' must be a string");
      }
      out.put(key, s);
    }
    return out;
  }
}
