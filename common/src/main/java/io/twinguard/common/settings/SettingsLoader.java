package io.twinguard.common.settings;

import io.twinguard.common.yaml.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Binds the {@link TwinguardSettings} of one command once, from four layers in rising precedence:
 * the defaults ({@code twinguard-defaults.yaml} in this package), a YAML file ({@link #file}, else
 * the one named by {@code TWINGUARD_CONFIG}), {@code TWINGUARD_*} variables ({@link #environment})
 * and command-line options ({@link #option}). The order of the calls does not matter. A loader is
 * immutable, and reads nothing but its inputs, the defaults and the named file: no clock, no
 * {@code System.getenv()} unless it is passed in.
 *
 * <pre>{@code
 * LoadedSettings loaded = SettingsLoader.defaults()
 *     .file(Optional.ofNullable(configOption))
 *     .environment(System.getenv())
 *     .option("db.url", "--db-url", dbUrlOption)      // a null value: the option was not given
 *     .load();
 * TwinguardSettings settings = loaded.settings();
 * loaded.describe().forEach(out::println);           // --print-config
 * }</pre>
 */
public final class SettingsLoader {

  /** The prefix of every variable that sets a setting. */
  public static final String VARIABLE_PREFIX = "TWINGUARD_";

  /** The variable naming the YAML file when {@link #file} gives none. */
  public static final String CONFIG_VARIABLE = "TWINGUARD_CONFIG";

  private static final String DEFAULTS_RESOURCE = "twinguard-defaults.yaml";
  private static final SettingsTree DEFAULTS = SettingsTree.ofDefaults(Yaml.parseMapping(readDefaults(), DEFAULTS_RESOURCE));

  private record Given(String path, String option, String value) {}

  private final Path home;
  private final Optional<Path> file;
  private final Map<String, String> environment;
  private final List<Given> options;

  private SettingsLoader(Path home, Optional<Path> file, Map<String, String> environment, List<Given> options) {
    this.home = home;
    this.file = file;
    this.environment = environment;
    this.options = options;
  }

  /** A loader of the defaults alone, with the user's home directory for {@code data_dir}. */
  public static SettingsLoader defaults() {
    return new SettingsLoader(Path.of(System.getProperty("user.home")), Optional.empty(), Map.of(), List.of());
  }

  /** This loader with another home directory: an empty {@code data_dir} is {@code home/.twinguard}. */
  public SettingsLoader home(Path home) {
    return new SettingsLoader(Objects.requireNonNull(home), file, environment, options);
  }

  /** This loader reading {@code file} (a {@code --config} option); empty: {@code TWINGUARD_CONFIG}'s file, if any. */
  public SettingsLoader file(Optional<Path> file) {
    return new SettingsLoader(home, Objects.requireNonNull(file), environment, options);
  }

  /** This loader with these environment variables; only {@code TWINGUARD_*} ones are read. */
  public SettingsLoader environment(Map<String, String> environment) {
    return new SettingsLoader(home, file, new TreeMap<>(environment), options);
  }

  /**
   * This loader with a command-line option on top of every other layer.
   *
   * @param path the setting, such as {@code db.url}
   * @param option the option as the user typed it, such as {@code --db-url}, for provenance
   * @param value the option's value; null when the option was not given (then nothing changes)
   * @throws IllegalArgumentException when {@code path} names no setting
   */
  public SettingsLoader option(String path, String option, String value) {
    if (!DEFAULTS.isSetting(path)) {
      throw new IllegalArgumentException("no setting '" + path + "'");
    }
    if (value == null) {
      return this;
    }
    List<Given> more = new ArrayList<>(options);
    more.add(new Given(path, Objects.requireNonNull(option), value));
    return new SettingsLoader(home, file, environment, List.copyOf(more));
  }

  /**
   * Applies the layers and binds the tree.
   *
   * @throws SettingsException naming the setting (or variable, or file) and the source of the first
   *     refused value: an unknown key or variable, a mistyped or out-of-range value, a file that
   *     is missing, unreadable or not YAML
   */
  public LoadedSettings load() {
    SettingsTree tree = DEFAULTS.copy();
    configFile().ifPresent(source -> tree.overlay(read(source), "", source));
    environment.forEach((variable, value) -> {
      if (variable.startsWith(VARIABLE_PREFIX) && !LauncherVariables.ALL.containsKey(variable)) {
        String path = tree.pathOf(variable);
        if (path == null) {
          throw new SettingsException(variable + " names no setting (--print-config lists every setting with its"
              + " variable)", null, new SettingSource.Environment(variable), null);
        }
        tree.set(path, value.strip(), new SettingSource.Environment(variable));
      }
    });
    options.forEach(given -> tree.set(given.path(), given.value(), new SettingSource.Option(given.option())));
    derive(tree);
    return new LoadedSettings(Binder.bind(tree), tree.values());
  }

  /** The variable that sets {@code path}: {@code TWINGUARD_} + the path in upper case, {@code .} as {@code _}. */
  public static String variable(String path) {
    return SettingsTree.variableOf(path);
  }

  /** Every setting's path, in the order of the defaults file. */
  public static List<String> paths() {
    return DEFAULTS.paths();
  }

  /** Fills the settings whose empty value means "derived from data_dir" (or from the home directory). */
  private void derive(SettingsTree tree) {
    if (tree.isEmpty("data_dir")) {
      tree.set("data_dir", home.resolve(".twinguard").toString(), new SettingSource.Default("$HOME/.twinguard"));
    }
    if (!(tree.leaf("data_dir").value() instanceof String dataDirText)) {
      return; // not text: binding refuses it, naming its source
    }
    Path dataDir;
    try {
      dataDir = Path.of(dataDirText);
    } catch (InvalidPathException e) {
      throw new SettingsException("data_dir must be a path, not '" + dataDirText + "' (from "
          + tree.leaf("data_dir").source().name() + ")", "data_dir", tree.leaf("data_dir").source(), e);
    }
    if (tree.isEmpty("ca_dir")) {
      tree.set("ca_dir", dataDir.resolve("ca").toString(), new SettingSource.Default("data_dir/ca"));
    }
    if (tree.isEmpty("log.key_file")) {
      tree.set("log.key_file", dataDir.resolve("audit-log-key.pem").toString(),
          new SettingSource.Default("data_dir/audit-log-key.pem"));
    }
    if (tree.isEmpty("adapters.artefact_store")) {
      tree.set("adapters.artefact_store", dataDir.resolve("artefacts").toString(),
          new SettingSource.Default("data_dir/artefacts"));
    }
    if (tree.isEmpty("consent.receipt_key_file")) {
      tree.set("consent.receipt_key_file", dataDir.resolve("consent-receipt-key.pem").toString(),
          new SettingSource.Default("data_dir/consent-receipt-key.pem"));
    }
    if (tree.isEmpty("consent.subject_key_file")) {
      tree.set("consent.subject_key_file", dataDir.resolve("consent-subject-key").toString(),
          new SettingSource.Default("data_dir/consent-subject-key"));
    }
  }

  private Optional<SettingSource.File> configFile() {
    if (file.isPresent()) {
      return Optional.of(new SettingSource.File(file.get()));
    }
    String named = environment.getOrDefault(CONFIG_VARIABLE, "").strip();
    if (named.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SettingSource.File(Path.of(named)));
    } catch (InvalidPathException e) {
      throw new SettingsException("no config file '" + named + "' (from " + CONFIG_VARIABLE + ")",
          null, new SettingSource.Environment(CONFIG_VARIABLE), e);
    }
  }

  private Map<String, Object> read(SettingSource.File source) {
    Path path = source.file();
    String namedBy = file.isPresent() ? "" : " (from " + CONFIG_VARIABLE + ")";
    if (!Files.isRegularFile(path)) {
      throw new SettingsException("no config file " + path + namedBy, null, source, null);
    }
    try {
      return Yaml.parseMapping(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    } catch (IOException e) {
      throw new SettingsException("cannot read config file " + path + namedBy + ": " + e.getMessage(), null, source, e);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(e.getMessage(), null, source, e);
    }
  }

  private static String readDefaults() {
    try (InputStream in = SettingsLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
