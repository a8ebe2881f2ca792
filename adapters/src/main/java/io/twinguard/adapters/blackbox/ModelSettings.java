package io.twinguard.adapters.blackbox;

import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.settings.SettingsReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Set;

/**
 * The settings every model adapter shares: limits and concurrency, read the same way by the
 * {@code blackbox} and {@code fmu} factories.
 */
public final class ModelSettings {

  /** The keys read by {@link #limits} and {@link #maxConcurrent}. */
  public static final Set<String> LIMIT_KEYS = Set.of("timeout_ms", "memory_mb", "max_output_bytes", "scratch_mb", "max_concurrent");

  private ModelSettings() {}

  /** The limits of each run; defaults: 5 s, {@code defaultMemoryMb}, 1 MiB of output, 16 MiB scratch. */
  public static Limits limits(SettingsReader r, long defaultMemoryMb, long defaultScratchMb) {
    return new Limits(
        r.integer("timeout_ms", 5_000, 1, 60_000),
        r.integer("memory_mb", defaultMemoryMb, 16, 8_192) << 20,
        r.integer("max_output_bytes", 1 << 20, 1, 16L << 20),
        r.integer("scratch_mb", defaultScratchMb, 1, 1_024) << 20);
  }

  public static int maxConcurrent(SettingsReader r) {
    return (int) r.integer("max_concurrent", 2, 1, 64);
  }

  /** A required block reference; {@code null} (with the error recorded) when malformed. */
  public static BlockRef block(SettingsReader r) {
    String text = r.string("block");
    if (text == null) {
      return null;
    }
    try {
      return BlockRef.parse(text);
    } catch (IllegalArgumentException e) {
      r.error("block", e.getMessage());
      return null;
    }
  }

  /** A compiled schema at {@code key}; {@code null} (with the error recorded) when absent or invalid. */
  public static OutputSchema schema(SettingsReader r, String key) {
    Object value = r.raw(key);
    if (!(value instanceof JsonObject schema)) {
      r.error(key, value == null ? "required" : "must be a JSON Schema mapping");
      return null;
    }
    try {
      return OutputSchema.compile(schema);
    } catch (IllegalArgumentException e) {
      r.error(key, e.getMessage());
      return null;
    }
  }

  /** A required absolute file path with no {@code ..}; {@code null} (with the error recorded) otherwise. */
  public static Path absolutePath(SettingsReader r, String key) {
    String text = r.string(key);
    if (text == null) {
      return null;
    }
    Path path = Path.of(text);
    if (!path.isAbsolute() || !path.normalize().equals(path) || path.getNameCount() == 0) {
      r.error(key, "must be an absolute, normalised path below /, not '" + text + "'");
      return null;
    }
    return path;
  }
}
