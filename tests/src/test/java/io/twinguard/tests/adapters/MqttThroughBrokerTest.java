package io.twinguard.tests.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.Mosquitto;
import io.twinguard.adapters.testing.TestPki;
import io.twinguard.examples.demo.TwinClient;
import io.twinguard.policies.bundle.BundleFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room controller that speaks MQTT only, behind the broker, against a real Mosquitto
 * (scripts/mosquitto.sh, started and stopped here): its telemetry reaches a subscriber through the
 * broker, each event decided and recorded with the adapter's artefact; a door command is published
 * to the controller after the broker decided it; Mosquitto stopped mid-stream ends the subscriber's
 * stream cleanly with a recorded problem, and so does a bundle change that no longer allows the
 * subscription (decided again at the next event).
 */
class MqttThroughBrokerTest {

  private static final String CONTROLLER = "room-12-controller";
  private static final String TELEMETRY = "building/room-12/sensor-1/telemetry";

  @TempDir Path dir;
  private Mosquitto mosquitto;
  private TestPki.Issued deviceCert;
  private AdaptedBroker broker;
  private MqttClient device;

  @BeforeEach
  void start() throws Exception {
    mosquitto = Mosquitto.prepare(dir);
    TestPki.Issued brokerCert = mosquitto.pki.twin("broker", "/broker");
    deviceCert = mosquitto.pki.twin("device", "/device/room-12");
    mosquitto.start();
    JsonObject twin = Declarations.twin("registry/room-12-mqtt.yaml", Map.of("PORT", Integer.toString(mosquitto.port),
        "CA", mosquitto.pki.caCert().toString(), "CERT", brokerCert.cert().toString(),
        "KEY", brokerCert.key().toString(), "CAPACITY", "16"));
    // the same telemetry as the HVAC company's proprietary block too: the bundled policies refuse its events
    twin.getJsonObject("adapter").getJsonObject("settings").getJsonArray("telemetry")
        .add(new JsonObject().put("block", "gateway/climate-detail").put("topic", "building/room-12/+/telemetry"));
    twin.put("id", "spiffe://city.example/twin/" + CONTROLLER).put("blocks", new JsonArray()
        .add(new JsonObject().put("kind", "gateway").put("name", "climate")
            .put("operations", new JsonObject().put("events", new JsonObject())))
        .add(new JsonObject().put("kind", "gateway").put("name", "climate-detail").put("ip_class", "proprietary")
            .put("operations", new JsonObject().put("events", new JsonObject())))
        .add(new JsonObject().put("kind", "gateway").put("name", "doors").put("actuators", new JsonArray().add("door:1"))
            .put("operations", new JsonObject().put("open", new JsonObject().put("command", true)))));
    broker = new AdaptedBroker(dir.resolve("store"), twin);
    device = AdaptedBroker.await(mosquitto.connect(broker.vertx, "room-12-device", deviceCert));
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    mosquitto.stop();
  }

  private void publish(int seq) {
    device.publish(TELEMETRY, new JsonObject().put("seq", seq).put("air_c", 21.5).toBuffer(),
        MqttQoS.AT_MOST_ONCE, false, false);
  }

  @Test
  void subscribe_telemetry_isDeliveredThroughTheBrokerAndEachEventRecordedWithTheArtefact() throws Exception {
    EventSubscriber subscriber = EventSubscriber.subscribe(broker.room, CONTROLLER + "/gateway/climate",
        AdaptedBroker.PURPOSE);
    AtomicInteger seq = new AtomicInteger();

    // QoS 0 telemetry: samples published before the adapter's subscription are gone, so keep sampling
    EventSubscriber.until(() -> subscriber.data().size() >= 3, () -> publish(seq.getAndIncrement()), 30);
    subscriber.close();

    for (JsonObject event : subscriber.data().subList(0, 3)) {
      assertEquals(21.5, event.getDouble("air_c"), event.encode());
    }
    List<JsonObject> eventRecords = broker.audit.records.stream()
        .filter(r -> "events".equals(r.getString("operation")) && !subscriber.decisionId().equals(r.getString("decision_id")))
        .toList();
    assertTrue(eventRecords.size() >= 3, "every delivered event is recorded: " + eventRecords.size());
    eventRecords.forEach(record -> assertTrue(record.getString("artefact", "").matches("sha-256:[0-9a-f]{64}"),
        record.encode()));
  }

  @Test
  void subscribe_whenMosquittoStopsMidStream_endsTheStreamWithARecordedProblem() throws Exception {
    EventSubscriber subscriber = EventSubscriber.subscribe(broker.room, CONTROLLER + "/gateway/climate",
        AdaptedBroker.PURPOSE);
    AtomicInteger seq = new AtomicInteger();
    EventSubscriber.until(() -> !subscriber.data().isEmpty(), () -> publish(seq.getAndIncrement()), 30);

    mosquitto.stop();
    Optional<JsonObject> end = subscriber.ended.get(60, TimeUnit.SECONDS);

    JsonObject problem = end.orElseThrow(() -> new AssertionError("the stream ended without saying why"));
    assertEquals("https://twinguard.io/problems/target-unavailable", problem.getString("type"), problem.encode());
    JsonObject record = broker.record(problem.getString("instance"));
    assertEquals(problem.getString("type"), record.getString("problem"));
    assertTrue(record.getString("artefact", "").startsWith("sha-256:"), record.encode());
  }

  @Test
  void subscribe_whenTheBundleInForceNoLongerAllowsIt_endsTheStreamWithTheRecordedDenial() throws Exception {
    broker.policies(AdaptedBroker.bundledAllowing("events"));
    EventSubscriber subscriber = EventSubscriber.subscribe(broker.room, CONTROLLER + "/gateway/climate-detail",
        AdaptedBroker.PURPOSE);
    AtomicInteger seq = new AtomicInteger();
    EventSubscriber.until(() -> !subscriber.data().isEmpty(), () -> publish(seq.getAndIncrement()), 30);

    broker.policies(BundleFiles.bundled());
    EventSubscriber.until(subscriber.ended::isDone, () -> publish(seq.getAndIncrement()), 30);

    JsonObject problem = subscriber.ended.get().orElseThrow(() -> new AssertionError("ended without saying why"));
    assertEquals("https://twinguard.io/problems/denied", problem.getString("type"), problem.encode());
    JsonObject record = broker.record(problem.getString("instance"));
    assertEquals("deny", record.getString("decision"), record.encode());
    assertTrue(record.getJsonArray("reasons").stream().anyMatch(r -> "ip".equals(((JsonObject) r).getString("policy"))),
        record.encode());
  }

  @Test
  void call_doorCommand_isPublishedToTheControllerAfterTheBrokerDecided() throws Exception {
    CompletableFuture<JsonObject> received = new CompletableFuture<>();
    device.publishHandler(message -> received.complete(new JsonObject(message.payload())));
    AdaptedBroker.await(device.subscribe("building/room-12/doors/command", MqttQoS.AT_LEAST_ONCE.value()));
    JsonObject command = new JsonObject().put("door", "door-1").put("open", true);

    TwinClient.Answer answer = broker.call(CONTROLLER + "/gateway/doors/open", command);

    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals(1, answer.json().getInteger("qos"));
    assertEquals(command, received.get(30, TimeUnit.SECONDS));
    assertEquals("allow", broker.record(answer).getString("decision"));
  }
}
