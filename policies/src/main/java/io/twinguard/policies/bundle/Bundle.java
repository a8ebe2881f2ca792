package io.twinguard.policies.bundle;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A policy bundle in OPA's bundle format: its {@code .manifest} revision, its Wasm module (absent
 * in a Rego-only bundle) and its data document. Immutable; byte arrays are copied in and out.
 *
 * @param revision the manifest's revision ({@code ""} when the manifest has none)
 * @param module the Wasm module named in the manifest (or {@code policy.wasm}), or null
 * @param data the data document as JSON text (an object)
 */
public record Bundle(String revision, byte[] module, String data) {

  /** Thrown {@link IllegalArgumentException} when data is not a JSON object. */
  public Bundle {
    Objects.requireNonNull(revision, "revision");
    module = module == null ? null : module.clone();
    try {
      new JsonObject(Objects.requireNonNull(data, "data"));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("the bundle's data is not a JSON object", e);
    }
  }

  /** The Wasm module, if the bundle has one (a copy). */
  public Optional<byte[]> wasm() {
    return Optional.ofNullable(module).map(byte[]::clone);
  }

  /** The Wasm module or null (a copy). */
  @Override
  public byte[] module() {
    return module == null ? null : module.clone();
  }

  /**
   * Reads a bundle from its files (names relative to the bundle root, such as {@code .manifest},
   * {@code policy.wasm}, {@code data.json}, {@code twinguard/config/data.json}).
   *
   * @throws IllegalArgumentException when the manifest or a data file is not valid JSON
   */
  public static Bundle fromFiles(Map<String, byte[]> files) {
    JsonObject manifest = files.containsKey(".manifest") ? json(files, ".manifest") : new JsonObject();
    String module = "policy.wasm";
    if (manifest.getJsonArray("wasm") != null && !manifest.getJsonArray("wasm").isEmpty()) {
      module = strip(manifest.getJsonArray("wasm").getJsonObject(0).getString("module", module));
    }
    JsonObject data = new JsonObject();
    for (String name : new TreeMap<>(files).keySet()) {
      if (name.equals("data.json") || name.endsWith("/data.json")) {
        JsonObject at = data;
        String[] path = name.split("/");
        for (String key : Arrays.copyOf(path, path.length - 1)) {
          at = at.containsKey(key) ? at.getJsonObject(key) : put(at, key);
        }
        at.mergeIn(json(files, name), true);
      }
    }
    return new Bundle(manifest.getString("revision", ""), files.get(module), data.encode());
  }

  /** A bundle file name without a leading {@code /} or {@code ./}. */
  static String strip(String name) {
    String stripped = name;
    while (stripped.startsWith("/") || stripped.startsWith("./")) {
      stripped = stripped.substring(stripped.startsWith("/") ? 1 : 2);
    }
    return stripped;
  }

  private static JsonObject put(JsonObject at, String key) {
    JsonObject child = new JsonObject();
    at.put(key, child);
    return child;
  }

  private static JsonObject json(Map<String, byte[]> files, String name) {
    try {
      return new JsonObject(new String(files.get(name), java.nio.charset.StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("bundle file " + name + " is not a JSON object", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bundle that
        && revision.equals(that.revision)
        && Arrays.equals(module, that.module)
        && data.equals(that.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revision, Arrays.hashCode(module), data);
  }

  @Override
  public String toString() {
    return "Bundle[revision=" + revision + ", wasm=" + (module == null ? "none" : module.length + " bytes") + "]";
  }
}
