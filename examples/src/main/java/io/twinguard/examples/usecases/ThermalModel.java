package io.twinguard.examples.usecases;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HVAC company's thermal model as UC1 plays it: behind the {@code blackbox} adapter (an
 * executable run per call in the sandbox, the demo's variant: nothing but Debian's sandbox tools
 * needed) or as an FMI 2.0 co-simulation FMU behind the {@code fmu} adapter (fmpy in a Python
 * virtual environment, the CI test's variant). Either way the Room calls {@code
 * hvac-thermal/model/thermal/predict}, never sees the model and may not export it.
 */
public sealed interface ThermalModel {

  /** The variant's name, as the run's output prints it. */
  String variant();

  /** What the Room runs, in words. */
  String describe();

  /** The registry resource that declares {@code hvac-thermal} behind its adapter. */
  String declaration();

  /** The values of the declaration's placeholders; {@code model} is the black box's executable. */
  Map<String, String> placeholders(Path model);

  /** The Room's payload for one prediction. */
  JsonObject request();

  /** What the answer must hold, in words. */
  String expected();

  /** Whether {@code answer} is the expected prediction. */
  boolean holds(JsonObject answer);

  /** The file whose SHA-256 the records must carry; {@code model} is the black box's executable. */
  Path artefact(Path model);

  /** The Python that runs models in the sandbox; empty: the settings' default. */
  Optional<Path> interpreter();

  /** The executable {@code thermal-model.py}: 20.4 °C for 4 °C outside and 6 occupants. */
  record BlackBox() implements ThermalModel {

    @Override
    public String variant() {
      return "blackbox";
    }

    @Override
    public String describe() {
      return "a black box in the sandbox (the executable thermal-model, blackbox adapter)";
    }

    @Override
    public String declaration() {
      return "hvac-thermal-blackbox.yaml";
    }

    @Override
    public Map<String, String> placeholders(Path model) {
      return Map.of("THERMAL_MODEL", model.toString());
    }

    @Override
    public JsonObject request() {
      return new JsonObject().put("outdoor_c", 4.0).put("occupants", 6);
    }

    @Override
    public String expected() {
      return "predicted_c 20.4";
    }

    @Override
    public boolean holds(JsonObject answer) {
      return Objects.equals(answer.getDouble("predicted_c"), 20.4);
    }

    @Override
    public Path artefact(Path model) {
      return model;
    }

    @Override
    public Optional<Path> interpreter() {
      return Optional.empty();
    }
  }

  /**
   * The FMU {@code HvacThermal} (the adapters' test fixture, built with pythonfmu), co-simulated one
   * step of {@link #STEP_S} seconds from {@link #START_C} °C with {@link #OUTDOOR_C} °C outside and
   * {@link #HEATING_W} W of heating.
   *
   * @param fmu the FMU file
   * @param python a Python with fmpy (tools/python/requirements.txt)
   * @param referenceRoomC the room temperature fmpy computes running the FMU directly for the same
   *     step: the prediction through the broker must equal it exactly
   */
  record Fmu(Path fmu, Path python, double referenceRoomC) implements ThermalModel {

    public static final double START_C = 19.5;
    public static final double OUTDOOR_C = 4.0;
    public static final double HEATING_W = 2000.0;
    public static final double STEP_S = 600.0;

    /** @throws IllegalArgumentException when the FMU is not a file or the Python not executable */
    public Fmu {
      if (fmu == null || !Files.isRegularFile(fmu)) {
        throw new IllegalArgumentException("no FMU at " + fmu);
      }
      if (python == null || !Files.isExecutable(python)) {
        throw new IllegalArgumentException("no Python at " + python + " (scripts/python.sh makes .tools/venv)");
      }
    }

    /** The step's inputs, as the FMU names them. */
    public static JsonObject inputs() {
      return new JsonObject().put("outdoor_c", OUTDOOR_C).put("heating_w", HEATING_W);
    }

    @Override
    public String variant() {
      return "fmu";
    }

    @Override
    public String describe() {
      return "an FMU co-simulated with fmpy in the sandbox (" + fmu.getFileName() + ", fmu adapter)";
    }

    @Override
    public String declaration() {
      return "hvac-thermal-fmu.yaml";
    }

    @Override
    public Map<String, String> placeholders(Path model) {
      return Map.of("THERMAL_FMU", fmu.toString());
    }

    @Override
    public JsonObject request() {
      return new JsonObject().put("time", 0.0).put("step_size", STEP_S)
          .put("state", new JsonObject().put("room_c", START_C)).put("inputs", inputs());
    }

    @Override
    public String expected() {
      return "outputs.room_c " + referenceRoomC + " (fmpy's direct run) at time " + STEP_S;
    }

    @Override
    public boolean holds(JsonObject answer) {
      JsonObject outputs = answer.getJsonObject("outputs", new JsonObject());
      return Objects.equals(outputs.getDouble("room_c"), referenceRoomC)
          && Objects.equals(answer.getDouble("time"), STEP_S);
    }

    @Override
    public Path artefact(Path model) {
      return fmu;
    }

    @Override
    public Optional<Path> interpreter() {
      return Optional.of(python);
    }
  }
}
