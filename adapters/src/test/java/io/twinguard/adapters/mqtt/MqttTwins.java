package io.twinguard.adapters.mqtt;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.Mosquitto;
import io.twinguard.adapters.testing.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The room-12 controller's registry declaration (room-12-mqtt.yaml), its adapter and its calls. */
final class MqttTwins {

  private MqttTwins() {}

  /** The twin's declaration, talking to Mosquitto on {@code port} as {@code broker}, trusting {@code ca}. */
  static JsonObject twin(Path ca, int port, int capacity, TestPki.Issued broker) {
    return Declarations.twin("registry/room-12-mqtt.yaml", Map.of("PORT", Integer.toString(port),
        "CA", ca.toString(), "CERT", broker.cert().toString(), "KEY", broker.key().toString(),
        "CAPACITY", Integer.toString(capacity)));
  }

  static Adapter create(Vertx vertx, JsonObject twin) {
    return Await.result(new MqttFactory().create(vertx, twin.getString("id"),
        twin.getJsonObject("adapter").getJsonObject("settings"), "twins[0].adapter.settings"));
  }

  static BlockCall call(BlockRef block, String operation, String payload) {
    return new BlockCall("spiffe://city.example/twin/hvac-room-12", block, operation, payload.getBytes(StandardCharsets.UTF_8),
        "spiffe://city.example/twin/fire-system", "dpv:EmergencyManagement", List.of(), "d-7");
  }
}
