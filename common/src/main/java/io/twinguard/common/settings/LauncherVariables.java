package io.twinguard.common.settings;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code TWINGUARD_*} environment variables that are not settings: the launcher's, the
 * scripts' and the tests'. {@link SettingsLoader} refuses any other {@code TWINGUARD_} variable that
 * names no setting, so that a typo never silently leaves a default in force; a new variable of
 * this kind is added here.
 */
public final class LauncherVariables {

  /** Each variable with what reads it. */
  public static final Map<String, String> ALL = Collections.unmodifiableMap(new TreeMap<>(Map.of(
      SettingsLoader.CONFIG_VARIABLE, "the YAML settings file, when no --config is given",
      "TWINGUARD_REBUILD", "bin/twinguard: 1 rebuilds the command line before running it",
      "TWINGUARD_JAVA_OPTS", "bin/twinguard: options for the JVM",
      "TWINGUARD_OPA", "twinguard policy: the opa binary (default: .tools/bin/opa)",
      "TWINGUARD_VENV", "scripts/python.sh: where the pinned Python environment is made (default: .tools/venv)",
      "TWINGUARD_CHAINCODE_JAVA_OPTS", "scripts/fabric.sh: options for the chaincode's JVM",
      "TWINGUARD_TOOLS", "scripts/tools.sh: where the Go tools are built (default: .tools)")));

  private LauncherVariables() {}
}
