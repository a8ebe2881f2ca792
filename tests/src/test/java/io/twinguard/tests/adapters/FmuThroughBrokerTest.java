package io.twinguard.tests.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.adapters.testing.Fmus;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HVAC company's thermal model as an FMU behind the broker: the Room twin co-simulates it over
 * 100 steps through the broker, carrying the state, and gets what fmpy computes running the same
 * FMU directly; every step's record binds the FMU's SHA-256.
 */
class FmuThroughBrokerTest {

  private static final double STEP_S = 60.0;

  @TempDir Path dir;

  private static JsonObject twin(Path fmu) {
    JsonObject settings = new JsonObject()
        .put("fmu", fmu.toString())
        .put("timeout_ms", 20_000)
        .put("operations", new JsonArray().add(new JsonObject()
            .put("block", "model/thermal")
            // simulate: an operation the policies allow on another org's proprietary model
            .put("operation", "simulate")
            .put("inputs", new JsonArray().add("outdoor_c").add("heating_w"))
            .put("state", new JsonObject().put("room_c", "room_c_start"))
            .put("outputs", new JsonArray().add("room_c"))));
    return new JsonObject().put("id", "spiffe://city.example/twin/hvac-fmu").put("org", "hvac-co").put("class", "hvac")
        .put("adapter", new JsonObject().put("type", "fmu").put("settings", settings))
        .put("blocks", new JsonArray().add(new JsonObject().put("kind", "model").put("name", "thermal")
            .put("ip_class", "proprietary").put("operations", new JsonObject().put("simulate", new JsonObject()))));
  }

  @Test
  void simulate_over100StepsThroughTheBroker_equalsFmpyRunDirectly() throws Exception {
    Path fmu = Fmus.build("HvacThermal", dir);
    String sha256 = "sha-256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(fmu)));
    AdaptedBroker broker = new AdaptedBroker(dir.resolve("store"), twin(fmu));
    try {
      double time = 0;
      double roomC = 17.0;
      JsonArray inputs = new JsonArray();
      List<Double> cosimulated = new ArrayList<>();
      Set<String> artefacts = new HashSet<>();
      for (int k = 0; k < 100; k++) {
        // the Room twin's own thermostat decides from the model's last answer
        double outdoorC = 2.0 + 3.0 * Math.sin(2 * Math.PI * k / 100);
        double heatingW = roomC < 21.0 ? 3000.0 : 0.0;
        JsonObject stepInputs = new JsonObject().put("outdoor_c", outdoorC).put("heating_w", heatingW);
        inputs.add(stepInputs);
        TwinClient.Answer answer = broker.call("hvac-fmu/model/thermal/simulate", new JsonObject().put("time", time)
            .put("step_size", STEP_S).put("state", new JsonObject().put("room_c", roomC)).put("inputs", stepInputs));
        assertEquals(200, answer.status(), answer.body().toString());
        time = answer.json().getDouble("time");
        roomC = answer.json().getJsonObject("state").getDouble("room_c");
        cosimulated.add(answer.json().getJsonObject("outputs").getDouble("room_c"));
        artefacts.add(broker.record(answer).getString("artefact"));
      }

      JsonArray direct = Fmus.reference(fmu, new JsonObject().put("room_c_start", 17.0), 0, STEP_S, inputs, dir);

      assertEquals(direct.stream().map(step -> ((JsonObject) step).getDouble("room_c")).toList(), cosimulated);
      assertEquals(100 * STEP_S, time);
      assertEquals(Set.of(sha256), artefacts);
    } finally {
      broker.close();
    }
  }
}
