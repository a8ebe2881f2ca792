package io.twinguard.adapters;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Makes the adapters of one type ({@code rest-mapping}, {@code blackbox}, {@code fmu}, ...) from a
 * twin's {@code adapter.settings} in the registry.
 *
 * <p>{@link #validate} is pure and cheap, so the broker can check a whole registry (at start and on
 * every admin update) before it swaps anything in. {@link #create} may copy files or open clients.
 */
public interface AdapterFactory {

  /** The {@code adapter.type} this factory serves. */
  String type();

  /**
   * Checks settings without side effects.
   *
   * @param settings the {@code adapter.settings} mapping as parsed from YAML or JSON
   * @param path where the settings sit in the registry, e.g. {@code twins[3].adapter.settings}
   * @throws SettingsException listing every error with its path
   */
  void validate(JsonObject settings, String path);

  /**
   * Creates the adapter of one twin. The future fails with {@link SettingsException} when the
   * settings are invalid or name an artefact that cannot be read.
   *
   * @param twinId the SPIFFE ID of the twin the adapter serves
   */
  Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path);
}
