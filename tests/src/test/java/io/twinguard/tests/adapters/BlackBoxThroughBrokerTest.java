package io.twinguard.tests.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.twinguard.adapters.testing.Models;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HVAC company's thermal model as a sandboxed executable behind the broker: a well-behaved one
 * answers (its record binds the executable's SHA-256); a hanging, a crashing, a memory-hungry and a
 * network-trying one are each refused with problem+json and recorded, and the network never sees
 * the model's connection.
 */
class BlackBoxThroughBrokerTest {

  private static final JsonObject OUTDOOR = new JsonObject().put("outdoor_c", 10.0).put("occupants", 4);

  @TempDir static Path dir;
  private static AdaptedBroker broker;
  /** The server the networking model tries to reach: the sandbox leaves it only its own loopback. */
  private static final Vertx network = Vertx.vertx();
  private static HttpServer listener;
  private static final AtomicInteger connections = new AtomicInteger();
  private static Path wellBehaved;

  private static JsonObject twin(String name, Path executable, long timeoutMs, String... args) {
    return new JsonObject().put("id", "spiffe://city.example/twin/" + name).put("org", "hvac-co").put("class", "hvac")
        .put("adapter", new JsonObject().put("type", "blackbox")
            .put("settings", Models.settings(executable, timeoutMs, Models.prediction(), args)))
        .put("blocks", new JsonArray().add(new JsonObject().put("kind", "model").put("name", "thermal")
            .put("ip_class", "proprietary").put("operations", new JsonObject().put("predict", new JsonObject()))));
  }

  @BeforeAll
  static void start() throws Exception {
    listener = AdaptedBroker.await(network.createHttpServer()
        .connectionHandler(connection -> connections.incrementAndGet())
        .requestHandler(request -> request.response().end())
        .listen(0, "127.0.0.1"));
    wellBehaved = Models.write(dir, "well-behaved", Models.WELL_BEHAVED);
    broker = new AdaptedBroker(dir.resolve("store"),
        twin("thermal-well", wellBehaved, 10_000),
        twin("thermal-hanging", Models.write(dir, "hanging", Models.HANGING), 1_000),
        twin("thermal-crashing", Models.write(dir, "crashing", Models.CRASHING), 10_000),
        twin("thermal-hungry", Models.write(dir, "hungry", Models.MEMORY_HUNGRY), 10_000),
        twin("thermal-networking", Models.write(dir, "networking", Models.NETWORKING), 10_000,
            "127.0.0.1", Integer.toString(listener.actualPort())));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    AdaptedBroker.await(network.close());
  }

  private static TwinClient.Answer predict(String twin) throws Exception {
    return broker.call(twin + "/model/thermal/predict", OUTDOOR);
  }

  /** Asserts a refusal with problem+json, its reason, and its record with the problem type. */
  private static JsonObject refused(TwinClient.Answer answer, String reason) {
    assertEquals(502, answer.status(), answer.body().toString());
    assertEquals("application/problem+json", answer.headers().get("content-type"));
    JsonObject problem = answer.json();
    assertEquals(reason, problem.getString("reason"), problem.encode());
    assertEquals("https://twinguard.io/problems/target-unavailable", problem.getString("type"));
    assertEquals(problem.getString("type"), broker.record(answer).getString("problem"));
    return problem;
  }

  @Test
  void call_wellBehavedModel_answersAndRecordsTheExecutablesDigest() throws Exception {
    TwinClient.Answer answer = predict("thermal-well");

    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals(18.0 + 0.25 * 10.0 + 0.1 * 4, answer.json().getDouble("predicted_c"), 1e-9);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(wellBehaved)));
    JsonObject record = broker.record(answer);
    assertEquals("allow", record.getString("decision"));
    assertEquals("sha-256:" + sha256, record.getString("artefact"));
  }

  @Test
  void call_hangingModel_isRefusedAsHung() throws Exception {
    refused(predict("thermal-hanging"), "black-box-hung");
  }

  @Test
  void call_crashingModel_isRefusedAsCrashedWithoutItsStderr() throws Exception {
    JsonObject problem = refused(predict("thermal-crashing"), "black-box-crashed");

    assertFalse(problem.encode().contains("secret"), problem.encode());
  }

  @Test
  void call_memoryHungryModel_isRefusedAsMemoryExceeded() throws Exception {
    refused(predict("thermal-hungry"), "black-box-memory-exceeded");
  }

  @Test
  void call_networkTryingModel_isRefusedAndNoConnectionArrives() throws Exception {
    refused(predict("thermal-networking"), "black-box-network-attempt");

    assertEquals(0, connections.get());
  }
}
