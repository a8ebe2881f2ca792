package io.twinguard.adapters.testing;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads a twin's registry declaration from a YAML resource of this package ({@code registry/city-arrivals.yaml},
 * {@code registry/room-12-mqtt.yaml}, {@code registry/boiler-plant-opcua.yaml}), with ${NAME} placeholders filled.
 */
public final class Declarations {

  private Declarations() {}

  /** The twin's mapping, as the broker's registry parser hands it over. */
  public static JsonObject twin(String resource, Map<String, String> values) {
    try (InputStream in = Declarations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("${" + value.getKey() + "}", value.getValue());
      }
      Object parsed = new Yaml().load(text);
      return new JsonObject(Json.encode(parsed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
