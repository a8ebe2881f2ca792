package io.twinguard.common.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads YAML documents (and so JSON) into plain maps, lists and scalars, safely: no custom tags,
 * no object creation, no duplicate keys.
 */
public final class Yaml {

  private Yaml() {}

  /**
   * Parses a document whose root is a mapping; an empty document is an empty mapping. Keys become
   * text; mappings keep their order.
   *
   * @param source names the document in error messages
   * @throws IllegalArgumentException naming the source when the text is not YAML or not a mapping
   */
  public static Map<String, Object> parseMapping(String text, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object root;
    try {
      root = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options)).load(text);
    } catch (MarkedYAMLException e) {
      String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1);
      throw new IllegalArgumentException(source + " is not valid YAML: " + e.getProblem() + where, e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      return new LinkedHashMap<>();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + " must hold a mapping at its root");
    }
    return stringKeys(map);
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
