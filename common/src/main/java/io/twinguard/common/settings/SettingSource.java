package io.twinguard.common.settings;

import java.nio.file.Path;

/** Where a setting's value came from, lowest precedence first. */
public sealed interface SettingSource {

  /** How a refusal or {@code --print-config} names this source. */
  String name();

  /**
   * {@code twinguard-defaults.yaml}; {@code rule} says how a default that depends on another
   * setting was derived (such as {@code data_dir/ca}), empty for a plain default.
   */
  record Default(String rule) implements SettingSource {
    public Default {
      java.util.Objects.requireNonNull(rule);
    }

    @Override
    public String name() {
      return rule.isEmpty() ? "the defaults" : "the default " + rule;
    }
  }

  /** A YAML settings file, named as it was given. */
  record File(Path file) implements SettingSource {
    public File {
      java.util.Objects.requireNonNull(file);
    }

    @Override
    public String name() {
      return file.toString();
    }
  }

  /** A {@code TWINGUARD_*} environment variable. */
  record Environment(String variable) implements SettingSource {
    public Environment {
      java.util.Objects.requireNonNull(variable);
    }

    @Override
    public String name() {
      return variable;
    }
  }

  /** A command-line option, such as {@code --db-url}. */
  record Option(String option) implements SettingSource {
    public Option {
      java.util.Objects.requireNonNull(option);
    }

    @Override
    public String name() {
      return option;
    }
  }
}
