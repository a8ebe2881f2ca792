package io.twinguard.examples.usecases;

import io.twinguard.common.yaml.Yaml;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The examples' resource files, read from the classpath, with their {@code ${NAME}} placeholders filled. */
final class Resources {

  private Resources() {}

  static String text(String name) {
    try (InputStream in = Resources.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the classpath (module examples)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The YAML resource as JSON, each {@code ${NAME}} replaced by its value. */
  static JsonObject yaml(String name, Map<String, String> values) {
    String text = text(name);
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace("${" + value.getKey() + "}", value.getValue());
    }
    return new JsonObject(Yaml.parseMapping(text, name));
  }
}
