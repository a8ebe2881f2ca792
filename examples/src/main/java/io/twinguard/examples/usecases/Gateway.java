package io.twinguard.examples.usecases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where UC1's vent events come from: the HVAC twin's own server-sent event stream (the demo's
 * variant: no MQTT broker needed), or the HVAC company's vent controller publishing to a real
 * Mosquitto, behind the broker's {@code mqtt} adapter (the CI test's variant). Either way the Room
 * subscribes through the broker and gets the readings with the occupant redacted.
 */
public sealed interface Gateway {

  /** The variant's name, as the run's output prints it. */
  String variant();

  /** Where the events come from, in words. */
  String describe();

  /** The block the Room subscribes to ({@code twin/gateway/block}). */
  String block();

  /** The HVAC twin's {@code gateway/vents} stream, served by the twin itself. */
  record Sse() implements Gateway {

    @Override
    public String variant() {
      return "sse";
    }

    @Override
    public String describe() {
      return "the HVAC twin's own event stream (server-sent events; no Mosquitto needed)";
    }

    @Override
    public String block() {
      return "hvac-room-12/gateway/vents";
    }
  }

  /**
   * The vent controller ({@code VentController}) behind a Mosquitto on 127.0.0.1, declared as the
   * twin {@code hvac-vents} ({@code hvac-vents-mqtt.yaml}) with the {@code mqtt} adapter.
   *
   * @param port Mosquitto's TLS port
   * @param ca the CA of Mosquitto's certificate and of the clients' certificates (PEM)
   * @param adapterCert the broker's adapter's client certificate, and {@code adapterKey} its key
   * @param deviceCert the vent controller's client certificate, and {@code deviceKey} its key
   */
  record Mqtt(int port, Path ca, Path adapterCert, Path adapterKey, Path deviceCert, Path deviceKey)
      implements Gateway {

    /** @throws IllegalArgumentException when the port is out of range or a PEM file is missing */
    public Mqtt {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
      }
      for (Path file : List.of(ca, adapterCert, adapterKey, deviceCert, deviceKey)) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("no PEM file at " + file);
        }
      }
    }

    @Override
    public String variant() {
      return "mqtt";
    }

    @Override
    public String describe() {
      return "the vent controller publishing to Mosquitto on 127.0.0.1:" + port + " (mqtt adapter)";
    }

    @Override
    public String block() {
      return "hvac-vents/gateway/vents";
    }

    /** The values of {@code hvac-vents-mqtt.yaml}'s placeholders. */
    Map<String, String> placeholders() {
      return Map.of("MQTT_PORT", Integer.toString(port), "MQTT_CA", ca.toString(),
          "MQTT_CERT", adapterCert.toString(), "MQTT_KEY", adapterKey.toString());
    }
  }
}
