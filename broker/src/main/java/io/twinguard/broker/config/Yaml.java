package io.twinguard.broker.config;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads YAML documents (and so JSON) into Vert.x JSON, safely: no custom tags, no object creation. */
public final class Yaml {

  private Yaml() {}

  /**
   * Parses a document whose root is a mapping; an empty document is an empty mapping.
   *
   * @param source names the document in error messages
   * @throws IllegalArgumentException naming the source when the text is not YAML or not a mapping
   */
  public static JsonObject parseMapping(String text, String source) {
    Object root;
    try {
      root = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(source + " is not valid YAML: " + message, e);
    }
    if (root == null) {
      return new JsonObject();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + " must hold a mapping");
    }
    return new JsonObject(stringKeys(map));
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), stringKeysIn(v)));
    return out;
  }

  private static Object stringKeysIn(Object value) {
    if (value instanceof Map<?, ?> map) {
      return stringKeys(map);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Yaml::stringKeysIn).toList();
    }
    return value;
  }
}
