package io.twinguard.adapters.rest;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFactory;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Makes {@code rest-mapping} adapters: a legacy JSON/HTTP API mapped declaratively. */
public final class RestMappingFactory implements AdapterFactory {

  public static final String TYPE = "rest-mapping";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonObject settings, String path) {
    RestMappingSettings.parse(settings, path);
  }

  @Override
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
    try {
      return Future.succeededFuture(new RestMappingAdapter(vertx, RestMappingSettings.parse(settings, path)));
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
  }
}
