package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.settings.SettingsReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The validated settings of a {@code blackbox} adapter (see the module README for the YAML).
 *
 * @param executable the owner's executable; the adapter runs a private copy of it
 * @param args arguments before each operation's own
 * @param readOnlyPaths further host paths the model may read, shown at the same path (e.g. an
 *     interpreter's installation)
 * @param env environment variables the model gets
 * @param operations the operations served
 * @param limits the limits of each run
 * @param maxConcurrent the most runs at once
 */
public record BlackBoxSettings(
    Path executable, List<String> args, List<Path> readOnlyPaths, Map<String, String> env,
    List<ModelOperation> operations, Limits limits, int maxConcurrent) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
  private static final Set<String> KEYS;

  static {
    Set<String> keys = new HashSet<>(Set.of("executable", "args", "read_only_paths", "env", "operations"));
    keys.addAll(ModelSettings.LIMIT_KEYS);
    KEYS = Set.copyOf(keys);
  }

  public BlackBoxSettings {
    Objects.requireNonNull(executable, "executable");
    args = List.copyOf(args);
    readOnlyPaths = List.copyOf(readOnlyPaths);
    env = Map.copyOf(env);
    operations = List.copyOf(operations);
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Parses and checks settings (without looking at the file system).
   *
   * @throws io.twinguard.adapters.SettingsException naming every error's path
   */
  public static BlackBoxSettings parse(JsonObject settings, String path) {
    SettingsReader r = new SettingsReader(settings, path);
    r.allowOnly(KEYS);
    Path executable = ModelSettings.absolutePath(r, "executable");
    List<String> args = r.strings("args");
    List<Path> readOnly = new ArrayList<>();
    List<String> paths = r.strings("read_only_paths");
    for (int i = 0; i < paths.size(); i++) {
      Path p = Path.of(paths.get(i));
      if (!p.isAbsolute() || !p.normalize().equals(p) || p.getNameCount() == 0) {
        r.error("read_only_paths[" + i + "]", "must be an absolute, normalised path below /");
      } else {
        readOnly.add(p);
      }
    }
    Map<String, String> env = new TreeMap<>();
    SettingsReader e = r.child("env");
    for (String name : e.keys()) {
      if (!ENV_NAME.matcher(name).matches() || Set.of("PATH", "HOME", "TMPDIR", "LD_PRELOAD", "LD_LIBRARY_PATH").contains(name)) {
        e.error(name, "not a variable a model may set");
      } else if (!(e.raw(name) instanceof String value)) {
        e.error(name, "must be a string");
      } else {
        env.put(name, value);
      }
    }
    List<ModelOperation> operations = operations(r);
    Limits limits = ModelSettings.limits(r, 256, 16);
    int maxConcurrent = ModelSettings.maxConcurrent(r);
    r.check();
    return new BlackBoxSettings(executable, args, readOnly, env, operations, limits, maxConcurrent);
  }

  private static List<ModelOperation> operations(SettingsReader r) {
    if (!r.has("operations")) {
      r.error("operations", "required: at least one operation with its response_schema");
    }
    Set<String> seen = new HashSet<>();
    List<ModelOperation> out = new ArrayList<>();
    r.list("operations", op -> {
      op.allowOnly(Set.of("block", "operation", "args", "request_schema", "response_schema"));
      BlockRef block = ModelSettings.block(op);
      String name = op.string("operation");
      List<String> args = op.strings("args");
      Optional<OutputSchema> input = op.has("request_schema")
          ? Optional.ofNullable(ModelSettings.schema(op, "request_schema")) : Optional.empty();
      OutputSchema output = ModelSettings.schema(op, "response_schema");
      if (block != null && name != null && !seen.add(block + "#" + name)) {
        op.error("operation", "'" + name + "' of " + block + " is declared twice");
      }
      return block == null || name == null || output == null ? null : new ModelOperation(block, name, args, input, output);
    }).forEach(out::add);
    return out;
  }
}
