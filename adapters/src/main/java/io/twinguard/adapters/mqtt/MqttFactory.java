package io.twinguard.adapters.mqtt;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFactory;
import io.twinguard.adapters.SettingsException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes {@code mqtt} adapters: a device's telemetry and commands through an MQTT broker over TLS
 * with a client certificate. Creating one checks that the TLS files can be read and opens no
 * connection (the first call or subscription does).
 */
public final class MqttFactory implements AdapterFactory {

  public static final String TYPE = "mqtt";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonObject settings, String path) {
    MqttSettings.parse(settings, path);
  }

  @Override
  public Future<Adapter> create(Vertx vertx, String twinId, JsonObject settings, String path) {
    MqttSettings parsed;
    try {
      parsed = MqttSettings.parse(settings, path);
    } catch (SettingsException e) {
      return Future.failedFuture(e);
    }
    Map<String, Path> files = Map.of("ca_file", parsed.tls().caFile(), "cert_file", parsed.tls().certFile(),
        "key_file", parsed.tls().keyFile());
    return vertx.executeBlocking(() -> {
      List<String> errors = new ArrayList<>();
      files.forEach((key, file) -> {
        if (!Files.isReadable(file)) {
          errors.add(path + ".tls." + key + ": cannot read " + file);
        }
      });
      if (!errors.isEmpty()) {
        throw new SettingsException(errors.stream().sorted().toList());
      }
      return new MqttAdapter(vertx, parsed);
    });
  }
}
