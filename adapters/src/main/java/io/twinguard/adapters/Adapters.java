package io.twinguard.adapters;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adapter factories a broker knows, by type; the one place the broker asks to validate and
 * create a twin's adapter. Immutable.
 */
public final class Adapters {

  private final Map<String, AdapterFactory> factories;

  /** @throws IllegalArgumentException when two factories serve the same type */
  public Adapters(List<AdapterFactory> factories) {
    Map<String, AdapterFactory> byType = new LinkedHashMap<>();
    for (AdapterFactory factory : factories) {
      if (byType.putIfAbsent(factory.type(), factory) != null) {
        throw new IllegalArgumentException("two factories for adapter type '" + factory.type() + "'");
      }
    }
    this.factories = Collections.unmodifiableMap(byType);
  }

  /** The adapter types known. */
  public Set<String> types() {
    return factories.keySet();
  }

  /**
   * Validates a twin's {@code adapter: {type, settings}} declaration.
   *
   * @param adapter the {@code adapter} mapping of one twin
   * @param path where it sits, e.g. {@code twins[3].adapter}
   * @throws SettingsException naming each error's path
   */
  public void validate(JsonObject adapter, String path) {
    AdapterFactory factory = factory(adapter, path);
    factory.validate(settings(adapter, path), path + ".settings");
  }

  /**
   * Creates the adapter a twin declares; the future fails with {@link SettingsException} when the
   * declaration is invalid.
   */
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject adapter, String path) {
    try {
      AdapterFactory factory = factory(adapter, path);
      return factory.create(vertx, twinId, settings(adapter, path), path + ".settings");
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
  }

  private AdapterFactory factory(JsonObject adapter, String path) {
    for (String key : adapter.fieldNames()) {
      if (!key.equals("type") && !key.equals("settings")) {
        throw new SettingsException(path + "." + key, "unknown key; an adapter declares type and settings");
      }
    }
    Object type = adapter.getValue("type");
    if (!(type instanceof String name)) {
      throw new SettingsException(path + ".type", "required, one of " + String.join(", ", factories.keySet()));
    }
    AdapterFactory factory = factories.get(name);
    if (factory == null) {
      throw new SettingsException(path + ".type", "must be one of " + String.join(", ", factories.keySet()) + ", not '" + name + "'");
    }
    return factory;
  }

  private static JsonObject settings(JsonObject adapter, String path) {
    Object settings = adapter.getValue("settings");
    if (settings == null) {
      return new JsonObject();
    }
    if (!(settings instanceof JsonObject object)) {
      throw new SettingsException(path + ".settings", "must be a mapping");
    }
    return object;
  }
}
