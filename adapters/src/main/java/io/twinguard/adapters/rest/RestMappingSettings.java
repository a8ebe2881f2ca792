package io.twinguard.adapters.rest;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.settings.SettingsReader;
import io.twinguard.signing.jcs.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated settings of a {@code rest-mapping} adapter (see the module README for the YAML).
 *
 * @param baseUrl the legacy API's base URL (http or https)
 * @param timeoutMs the time limit of one legacy call, connection included
 * @param maxResponseBytes the largest legacy answer read; a larger one is refused
 * @param healthPath the legacy path probed by {@code /ready}, or empty to only open a connection
 * @param operations the operation mappings in use
 */
public record RestMappingSettings(URI baseUrl, long timeoutMs, long maxResponseBytes, String healthPath, List<OperationMapping> operations) {

  private static final Set<String> KEYS = Set.of("base_url", "timeout_ms", "max_response_bytes", "health_path", "version", "operations");
  private static final Set<String> OPERATION_KEYS = Set.of("block", "operation", "version", "formats");

  public RestMappingSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(healthPath, "healthPath");
    operations = List.copyOf(operations);
  }

  /** The mapping of a block operation, or {@code null}. */
  public OperationMapping mapping(BlockRef block, String operation) {
    return operations.stream()
        .filter(m -> m.block().equals(block) && m.operation().equals(operation))
        .findFirst().orElse(null);
  }

  /**
   * Parses and checks settings.
   *
   * @throws io.twinguard.adapters.SettingsException naming every error's path
   */
  public static RestMappingSettings parse(JsonObject settings, String path) {
    SettingsReader r = new SettingsReader(settings, path);
    r.allowOnly(KEYS);
    URI baseUrl = baseUrl(r);
    long timeoutMs = r.integer("timeout_ms", 5_000, 1, 120_000);
    long maxResponseBytes = r.integer("max_response_bytes", 1 << 20, 1, 64L << 20);
    String healthPath = r.string("health_path", "");
    if (!healthPath.isEmpty() && !healthPath.startsWith("/")) {
      r.error("health_path", "must start with '/'");
    }
    String version = r.string("version", null);
    List<OperationMapping> operations = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    r.list("operations", op -> operation(op, version)).forEach(mapping -> {
      if (mapping != null && !seen.add(mapping.block() + "#" + mapping.operation())) {
        r.error("operations", "operation '" + mapping.operation() + "' of " + mapping.block() + " is mapped twice");
      }
      operations.add(mapping);
    });
    if (!r.has("operations")) {
      r.error("operations", "required: at least one mapped operation");
    }
    r.check();
    return new RestMappingSettings(baseUrl, timeoutMs, maxResponseBytes, healthPath, operations);
  }

  private static URI baseUrl(SettingsReader r) {
    String text = r.string("base_url");
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        r.error("base_url", "must be an http or https URL with a host and no query, not '" + text + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      r.error("base_url", "not a URL: '" + text + "'");
      return null;
    }
  }

  private static OperationMapping operation(SettingsReader r, String defaultVersion) {
    r.allowOnly(OPERATION_KEYS);
    BlockRef block = null;
    String blockText = r.string("block");
    if (blockText != null) {
      try {
        block = BlockRef.parse(blockText);
      } catch (IllegalArgumentException e) {
        r.error("block", e.getMessage());
      }
    }
    String operation = r.string("operation");
    String version = r.string("version", defaultVersion);
    SettingsReader formats = r.requiredChild("formats");
    Map<String, LegacyFormat> parsed = new LinkedHashMap<>();
    for (String name : formats.keys()) {
      parsed.put(name, LegacyFormat.read(formats.child(name)));
    }
    if (version == null) {
      r.error("version", "required here or in the settings: the legacy format in use");
    } else if (!parsed.containsKey(version)) {
      r.error("version", "'" + version + "' is none of the declared formats " + parsed.keySet());
    }
    if (r.failed() || block == null || operation == null || version == null || parsed.get(version) == null) {
      return null;
    }
    JsonObject declared = new JsonObject()
        .put("block", block.toString())
        .put("operation", operation)
        .put("version", version)
        .put("format", (JsonObject) formats.raw(version));
    byte[] canonical = CanonicalJson.canonicalize(declared.encode());
    ArtefactDigest artefact = ArtefactDigest.of(canonical, "rest-mapping " + block + " " + operation + " " + version);
    return new OperationMapping(block, operation, version, parsed.get(version), artefact);
  }
}
