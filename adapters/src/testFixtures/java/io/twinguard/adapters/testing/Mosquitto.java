package io.twinguard.adapters.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Mosquitto on 127.0.0.1, started and stopped by {@code scripts/mosquitto.sh}, with a server
 * certificate from a test ecosystem CA that also issues the clients' certificates.
 */
public final class Mosquitto {

  public final TestPki pki;
  public final int port;
  private final ScriptedServer script;

  private Mosquitto(TestPki pki, int port, ScriptedServer script) {
    this.pki = pki;
    this.port = port;
    this.script = script;
  }

  /** Issues the server certificate and prepares (does not start) an instance in {@code dir}. */
  public static Mosquitto prepare(Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    TestPki.Issued server = pki.server("mosquitto");
    int port = ScriptedServer.freePort();
    ScriptedServer script = new ScriptedServer("mosquitto.sh", Map.of(
        "MOSQUITTO_DIR", dir.resolve("mosquitto").toString(),
        "MOSQUITTO_PORT", Integer.toString(port),
        "MOSQUITTO_CA_CERT", pki.caCert().toString(),
        "MOSQUITTO_CERT", server.cert().toString(),
        "MOSQUITTO_KEY", server.key().toString()));
    return new Mosquitto(pki, port, script);
  }

  /** Starts it unless it runs; returns the script's report. */
  public String start() throws Exception {
    return script.run("start");
  }

  public void stop() throws Exception {
    script.run("stop");
  }

  /** An MQTT client over TLS with {@code as}'s certificate, connected (the future of its CONNACK). */
  public Future<MqttClient> connect(Vertx vertx, String clientId, TestPki.Issued as) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS").setMaxMessageSize(8192)
        .setTrustOptions(new PemTrustOptions().addCertPath(pki.caCert().toString()))
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(as.cert().toString()).setKeyPath(as.key().toString())));
    return client.connect(port, "127.0.0.1", "127.0.0.1").map(ack -> client);
  }
}
