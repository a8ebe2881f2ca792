package io.twinguard.tests.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.testing.BoilerPlant;
import io.twinguard.adapters.testing.Declarations;
import io.twinguard.adapters.testing.ScriptedServer;
import io.twinguard.adapters.testing.TestPki;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boiler plant that speaks OPC UA only, behind the broker, against an Eclipse Milo server:
 * variables read, a method called and data changes subscribed to through the broker, with
 * certificates as {@code twinguard ca issue --opcua} issues them; the server stopped mid-stream
 * ends the subscriber's stream cleanly with a recorded problem.
 */
class OpcUaThroughBrokerTest {

  private static final String PLANT = "boiler-plant";

  @TempDir Path dir;
  private BoilerPlant plant;
  private AdaptedBroker broker;

  @BeforeEach
  void start() throws Exception {
    TestPki pki = TestPki.create(dir);
    TestPki.RsaIssued client = pki.rsa("broker-opcua", "/broker");
    plant = new BoilerPlant(pki, pki.rsa("boiler-plant", "/twin/boiler-plant"), ScriptedServer.freePort());
    plant.start();
    JsonObject twin = Declarations.twin("registry/boiler-plant-opcua.yaml", Map.of("ENDPOINT", plant.endpoint(),
        "CA", pki.caCert().toString(), "CERT", client.cert().toString(), "KEY", client.key().toString(),
        "CAPACITY", "16"));
    twin.put("blocks", new JsonArray()
        .add(new JsonObject().put("kind", "data").put("name", "boiler")
            .put("operations", new JsonObject().put("read", new JsonObject())))
        .add(new JsonObject().put("kind", "service").put("name", "heating")
            .put("operations", new JsonObject().put("heat-demand", new JsonObject())))
        .add(new JsonObject().put("kind", "gateway").put("name", "boiler-events")
            .put("operations", new JsonObject().put("events", new JsonObject()))));
    broker = new AdaptedBroker(dir.resolve("store"), twin);
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
    plant.stop();
  }

  @Test
  void call_readAndMethod_answerThroughTheBrokerAndRecordTheArtefact() throws Exception {
    plant.namespace().setTemperature(19.25).get(30, TimeUnit.SECONDS);

    TwinClient.Answer read = broker.call(PLANT + "/data/boiler/read", new JsonObject());
    TwinClient.Answer demand = broker.call(PLANT + "/service/heating/heat-demand", new JsonObject().put("outdoor_c", 4.0));

    assertEquals(200, read.status(), read.body().toString());
    assertEquals(new JsonObject().put("temperature_c", 19.25).put("setpoint_c", 22.0), read.json());
    assertEquals(200, demand.status(), demand.body().toString());
    assertEquals(new JsonObject().put("demand_kw", (20 - 4.0) * 1.5), demand.json());
    assertTrue(broker.record(demand).getString("artefact", "").matches("sha-256:[0-9a-f]{64}"));
  }

  @Test
  void subscribe_dataChanges_areDeliveredThenTheServerStoppingEndsTheStreamWithARecordedProblem() throws Exception {
    EventSubscriber subscriber = EventSubscriber.subscribe(broker.room, PLANT + "/gateway/boiler-events",
        AdaptedBroker.PURPOSE);
    AtomicInteger value = new AtomicInteger(40);
    EventSubscriber.until(() -> !subscriber.data().isEmpty(),
        () -> plant.namespace().setTemperature(value.getAndIncrement()), 30);

    plant.stop();
    Optional<JsonObject> end = subscriber.ended.get(60, TimeUnit.SECONDS);

    assertTrue(subscriber.data().get(0).getDouble("temperature_c") >= 40, subscriber.data().toString());
    JsonObject problem = end.orElseThrow(() -> new AssertionError("the stream ended without saying why"));
    assertEquals("https://twinguard.io/problems/target-unavailable", problem.getString("type"), problem.encode());
    assertEquals(problem.getString("type"), broker.record(problem.getString("instance")).getString("problem"));
  }
}
