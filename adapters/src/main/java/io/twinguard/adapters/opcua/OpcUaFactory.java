package io.twinguard.adapters.opcua;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFactory;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Makes {@code opcua} adapters: variables, methods and monitored items of an OPC UA server over a
 * Basic256Sha256 SignAndEncrypt session. Creating one reads the certificate files and opens no
 * session (the first call or subscription does). Validation cannot know the twin's SPIFFE ID, the
 * default server application URI, so it checks everything else.
 */
public final class OpcUaFactory implements AdapterFactory {

  public static final String TYPE = "opcua";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonObject settings, String path) {
    OpcUaSettings.parse(settings, path, "spiffe://validation/twin");
  }

  @Override
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
    OpcUaSettings parsed;
    try {
      parsed = OpcUaSettings.parse(settings, path, twinId);
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> new OpcUaAdapter(vertx, parsed, Credentials.read(parsed, path)));
  }
}
