package io.twinguard.adapters.aas;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFactory;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Makes {@code aas} adapters: the submodels of an Asset Administration Shell on an AAS server
 * (AAS Part 2 HTTP API). {@link AasTwinDeclaration} writes their settings from the AAS itself.
 */
public final class AasFactory implements AdapterFactory {

  public static final String TYPE = "aas";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonObject settings, String path) {
    AasSettings.parse(settings, path);
  }

  @Override
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
    try {
      return Future.succeededFuture(new AasAdapter(vertx, AasSettings.parse(settings, path)));
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
  }
}
