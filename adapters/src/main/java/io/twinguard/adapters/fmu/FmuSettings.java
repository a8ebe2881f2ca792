package io.twinguard.adapters.fmu;

import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.blackbox.Limits;
import io.twinguard.adapters.blackbox.ModelSettings;
import io.twinguard.adapters.settings.SettingsReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated settings of an {@code fmu} adapter (see the module README for the YAML).
 *
 * @param fmu the owner's FMU (FMI 2.0 co-simulation); the adapter runs a private copy of it
 * @param steps the step operations served
 * @param limits the limits of each step's run
 * @param maxConcurrent the most runs at once
 */
public record FmuSettings(Path fmu, List<Step> steps, Limits limits, int maxConcurrent) {

  private static final Set<String> KEYS;

  static {
    Set<String> keys = new HashSet<>(Set.of("fmu", "operations"));
    keys.addAll(ModelSettings.LIMIT_KEYS);
    KEYS = Set.copyOf(keys);
  }

  /**
   * One step operation.
   *
   * @param block the broker block
   * @param operation the broker operation
   * @param inputs the FMU inputs a caller may set
   * @param state each carried output and the parameter that starts the next step from its value
   * @param outputs the FMU outputs released
   */
  public record Step(BlockRef block, String operation, List<String> inputs, Map<String, String> state, List<String> outputs) {
    public Step {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(operation, "operation");
      inputs = List.copyOf(inputs);
      state = Map.copyOf(state);
      outputs = List.copyOf(outputs);
    }

    /** The specification the runner script gets: {@code {"inputs", "state", "outputs"}}. */
    public String spec() {
      return new JsonObject()
          .put("inputs", inputs)
          .put("state", new JsonObject(new LinkedHashMap<>(state)))
          .put("outputs", outputs)
          .encode();
    }
  }

  public FmuSettings {
    Objects.requireNonNull(fmu, "fmu");
    steps = List.copyOf(steps);
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Parses and checks settings (without looking at the FMU).
   *
   * @throws io.twinguard.adapters.SettingsException naming every error's path
   */
  public static FmuSettings parse(JsonObject settings, String path) {
    SettingsReader r = new SettingsReader(settings, path);
    r.allowOnly(KEYS);
    Path fmu = ModelSettings.absolutePath(r, "fmu");
    if (fmu != null && !fmu.getFileName().toString().endsWith(".fmu")) {
      r.error("fmu", "must name a .fmu file");
    }
    if (!r.has("operations")) {
      r.error("operations", "required: at least one step operation");
    }
    Set<String> seen = new HashSet<>();
    List<Step> steps = new ArrayList<>();
    r.list("operations", op -> step(op, seen)).forEach(steps::add);
    Limits limits = ModelSettings.limits(r, 1_024, 64);
    int maxConcurrent = ModelSettings.maxConcurrent(r);
    r.check();
    return new FmuSettings(fmu, steps, limits, maxConcurrent);
  }

  private static Step step(SettingsReader op, Set<String> seen) {
    op.allowOnly(Set.of("block", "operation", "inputs", "state", "outputs"));
    BlockRef block = ModelSettings.block(op);
    String name = op.string("operation");
    List<String> inputs = op.strings("inputs");
    List<String> outputs = op.strings("outputs");
    if (outputs.isEmpty()) {
      op.error("outputs", "required: the outputs released");
    }
    Map<String, String> state = new LinkedHashMap<>();
    SettingsReader s = op.child("state");
    for (String output : s.keys()) {
      if (s.raw(output) instanceof String parameter && !parameter.isBlank()) {
        state.put(output, parameter);
      } else {
        s.error(output, "must name the parameter that starts the next step from this output");
      }
    }
    if (block != null && name != null && !seen.add(block + "#" + name)) {
      op.error("operation", "'" + name + "' of " + block + " is declared twice");
    }
    return block == null || name == null ? null : new Step(block, name, inputs, state, outputs);
  }
}
