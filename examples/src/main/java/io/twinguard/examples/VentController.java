package io.twinguard.examples;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The HVAC company's vent controller as a device that speaks MQTT only: it publishes a vent
 * reading ({@link SmartCity#ventReadings()}, the occupant included) to {@link #TOPIC} on an MQTT
 * broker (Mosquitto) every {@link #INTERVAL_MS} ms, QoS 0, over TLS with its client certificate.
 * The broker's {@code mqtt} adapter turns the topic into the gateway block's events.
 */
public final class VentController {

  /** Where the readings go. */
  public static final String TOPIC = "building/room-12/vent-1/vents";

  /** How often a reading is published (a sample superseded by the next one: QoS 0). */
  public static final long INTERVAL_MS = 200;

  private final Vertx vertx;
  private final MqttClient client;
  private final long timer;

  private VentController(Vertx vertx, MqttClient client, long timer) {
    this.vertx = vertx;
    this.client = client;
    this.timer = timer;
  }

  /**
   * Connects to the MQTT broker on 127.0.0.1:{@code port} and starts publishing.
   *
   * @param ca the CA of the MQTT broker's certificate (host name checked: an IP SAN for 127.0.0.1)
   * @param cert the controller's client certificate (PEM)
   * @param key its key (PEM)
   * @return the running controller, or a failed future when the connection is refused
   */
  public static Future<VentController> start(Vertx vertx, int port, Path ca, Path cert, Path key) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("hvac-vent-controller")
        .setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString())));
    Supplier<JsonObject> readings = SmartCity.ventReadings();
    return client.connect(port, "127.0.0.1", "127.0.0.1").map(ack -> new VentController(vertx, client,
        vertx.setPeriodic(INTERVAL_MS, id -> client.publish(TOPIC, readings.get().toBuffer(), MqttQoS.AT_MOST_ONCE,
            false, false))));
  }

  /** Stops publishing and disconnects. */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return client.disconnect();
  }
}
