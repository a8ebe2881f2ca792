package io.twinguard.adapters.fmu;

import io.twinguard.adapters.SettingsException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Checks an {@code fmu} adapter's declaration against the variables the FMU itself declares. */
final class FmuVariables {

  private FmuVariables() {}

  /**
   * @param description what {@code fmu_step.py --describe} printed
   * @throws SettingsException naming the path of every variable that is missing or of the wrong causality
   */
  static void check(JsonObject description, FmuSettings settings, String path) {
    List<String> errors = new ArrayList<>();
    if (!Boolean.TRUE.equals(description.getBoolean("co_simulation"))) {
      errors.add(path + ".fmu: is not an FMI 2.0 co-simulation FMU");
    }
    JsonObject variables = description.getJsonObject("variables", new JsonObject());
    for (int i = 0; i < settings.steps().size(); i++) {
      FmuSettings.Step step = settings.steps().get(i);
      String at = path + ".operations[" + i + "]";
      for (int j = 0; j < step.inputs().size(); j++) {
        expect(variables, step.inputs().get(j), "input", at + ".inputs[" + j + "]", errors);
      }
      for (int j = 0; j < step.outputs().size(); j++) {
        expect(variables, step.outputs().get(j), "output", at + ".outputs[" + j + "]", errors);
      }
      step.state().forEach((output, parameter) -> {
        expect(variables, output, "output", at + ".state." + output, errors);
        expect(variables, parameter, "parameter", at + ".state." + output, errors);
      });
    }
    if (!errors.isEmpty()) {
      throw new SettingsException(errors);
    }
  }

  private static void expect(JsonObject variables, String name, String causality, String at, List<String> errors) {
    String actual = variables.getString(name);
    if (actual == null) {
      errors.add(at + ": the FMU has no variable '" + name + "'");
    } else if (!actual.equals(causality)) {
      errors.add(at + ": '" + name + "' has causality " + actual + " in the FMU, where " + causality + " is needed");
    }
  }
}
