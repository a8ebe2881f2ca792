package io.twinguard.adapters.fmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.SettingsException;
import io.twinguard.adapters.blackbox.Sandbox;
import io.twinguard.adapters.blackbox.SandboxOptions;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.twinguard.adapters.testing.Await;
import io.twinguard.adapters.testing.Fmus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HVAC company's thermal model as an FMU, co-simulated step by step by the Room twin through the
 * fmu adapter (fmpy in the sandbox), against the same FMU run directly with fmpy.
 */
class FmuAdapterTest extends AdapterContractTestBase {

  private static final BlockRef THERMAL = BlockRef.parse("model/thermal");
  private static final double STEP_S = 60.0;

  @TempDir
  static Path dir;

  private static Sandbox sandbox;
  private static Path hvac;
  private static Path broken;

  @BeforeAll
  static void buildFmus() throws Exception {
    sandbox = Sandbox.create(new SandboxOptions(
        Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"), dir.resolve("store")));
    hvac = Fmus.build("HvacThermal", dir);
    broken = Fmus.build("Broken", dir);
  }

  static JsonObject settings(Path fmu) {
    return new JsonObject()
        .put("fmu", fmu.toString())
        .put("timeout_ms", 20_000)
        .put("max_concurrent", 2)
        .put("operations", new JsonArray().add(new JsonObject()
            .put("block", THERMAL.toString())
            .put("operation", "step")
            .put("inputs", new JsonArray().add("outdoor_c").add("heating_w"))
            .put("state", new JsonObject().put("room_c", "room_c_start"))
            .put("outputs", new JsonArray().add("room_c"))));
  }

  private static Adapter adapter(Vertx vertx, JsonObject settings) {
    return Await.result(new FmuFactory(sandbox, Fmus.python()).create(vertx, "spiffe://city.example/twin/hvac-room-12", settings, "twins[0].adapter.settings"));
  }

  private static BlockCall step(JsonObject request) {
    return new BlockCall("spiffe://city.example/twin/hvac-room-12", THERMAL, "step",
        request.toBuffer().getBytes(), "spiffe://city.example/twin/room-12", "dpv:ServiceOptimisation", List.of(), "d-9");
  }

  private static JsonObject stepRequest(double time, double roomC, double outdoorC, double heatingW) {
    return new JsonObject().put("time", time).put("step_size", STEP_S)
        .put("state", new JsonObject().put("room_c", roomC))
        .put("inputs", new JsonObject().put("outdoor_c", outdoorC).put("heating_w", heatingW));
  }

  @Override
  protected Adapter newAdapter(Vertx vertx) {
    return adapter(vertx, settings(hvac));
  }

  @Override
  protected BlockCall validCall() {
    return step(stepRequest(0, 19.5, 4.0, 2000));
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{\"time\": 0, \"step_size\": 60}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) {
    return adapter(vertx, settings(broken));
  }

  @Override
  protected Class<? extends AdapterFailure> targetFailure() {
    return AdapterFailure.Crashed.class;
  }

  @Nested
  class CoSimulation {
    @Test
    void step_over100StepsWithAThermostat_equalsFmpyRunDirectly() throws Exception {
      Adapter adapter = newAdapter(vertx);
      double time = 0;
      double roomC = 17.0;
      JsonArray inputs = new JsonArray();
      List<Double> cosimulated = new ArrayList<>();
      for (int k = 0; k < 100; k++) {
        // the Room twin's own controller decides from the model's last answer
        double outdoorC = 2.0 + 3.0 * Math.sin(2 * Math.PI * k / 100);
        double heatingW = roomC < 21.0 ? 3000.0 : 0.0;
        inputs.add(new JsonObject().put("outdoor_c", outdoorC).put("heating_w", heatingW));
        JsonObject answer = new JsonObject(new String(
            Await.result(adapter.call(step(stepRequest(time, roomC, outdoorC, heatingW)))).body(), StandardCharsets.UTF_8));
        time = answer.getDouble("time");
        roomC = answer.getJsonObject("state").getDouble("room_c");
        cosimulated.add(answer.getJsonObject("outputs").getDouble("room_c"));
      }

      JsonArray direct = Fmus.reference(hvac, new JsonObject().put("room_c_start", 17.0), 0, STEP_S, inputs, dir);

      List<Double> reference = direct.stream().map(step -> ((JsonObject) step).getDouble("room_c")).toList();
      assertEquals(reference, cosimulated);
      assertEquals(100 * STEP_S, time);
      Await.result(adapter.close());
    }

    @Test
    void step_bindsTheSha256OfTheFmu() throws Exception {
      Adapter adapter = newAdapter(vertx);

      AdapterResponse response = Await.result(adapter.call(validCall()));

      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(hvac))), response.artefact().sha256());
      assertEquals("fmu HvacThermal.fmu", response.artefact().label());
      Await.result(adapter.close());
    }

    @Test
    void step_whenCallerSetsAParameter_failsWithInvalidCall() {
      Adapter adapter = newAdapter(vertx);
      JsonObject request = stepRequest(0, 19.5, 4.0, 2000);
      request.getJsonObject("inputs").put("efficiency", 5.0);

      assertEquals(AdapterFailure.InvalidCall.class, Await.failure(adapter.call(step(request))).getClass());
      Await.result(adapter.close());
    }
  }

  @Nested
  class Declaration {
    @Test
    void create_whenAVariableIsMissingOrOfTheWrongCausality_failsNamingEachPath() {
      JsonObject settings = settings(hvac);
      JsonObject op = settings.getJsonArray("operations").getJsonObject(0);
      op.put("inputs", new JsonArray().add("outdoor_c").add("efficiency"));
      op.put("outputs", new JsonArray().add("room_temp"));

      CompletionException thrown = assertThrows(CompletionException.class, () ->
          new FmuFactory(sandbox, Fmus.python()).create(vertx, "t", settings, "twins[4].adapter.settings")
              .toCompletionStage().toCompletableFuture().join());

      SettingsException e = (SettingsException) thrown.getCause();
      assertEquals(List.of(
          "twins[4].adapter.settings.operations[0].inputs[1]: 'efficiency' has causality parameter in the FMU, where input is needed",
          "twins[4].adapter.settings.operations[0].outputs[0]: the FMU has no variable 'room_temp'"), e.errors());
    }
  }
}
