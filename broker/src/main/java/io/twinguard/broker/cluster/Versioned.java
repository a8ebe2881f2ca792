package io.twinguard.broker.cluster;

import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.registry.RegistryCodec;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Objects;

/**
 * The registry and mode with the number of the change that made them, as the cluster holds them:
 * JSON {@code {"version": n, "mode": "normal", "registry": {...}}}.
 *
 * @param version 1 for the state the first broker started with, one more for every change
 * @throws IllegalArgumentException when the version is below 1
 */
record Versioned(long version, EcosystemState.Snapshot snapshot) {

  Versioned {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(snapshot, "snapshot");
  }

  /** This state as the cluster holds it. */
  String encode() {
    return new JsonObject().put("version", version).put("mode", snapshot.mode().wireName())
        .put("registry", RegistryCodec.toJson(snapshot.catalog().registry())).encode();
  }

  /** The version of an encoded state, without compiling its registry. */
  static long versionOf(String encoded) {
    return new JsonObject(encoded).getLong("version");
  }

  /**
   * Decodes a state, compiling its registry's schemas.
   *
   * @throws IllegalArgumentException when it is not a state this class encoded
   */
  static Versioned decode(String encoded) {
    JsonObject json = new JsonObject(encoded);
    String mode = json.getString("mode");
    PolicyInputs.Mode parsed = Arrays.stream(PolicyInputs.Mode.values())
        .filter(candidate -> candidate.wireName().equals(mode)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + mode + "'"));
    return new Versioned(json.getLong("version"), new EcosystemState.Snapshot(
        Catalog.of(RegistryCodec.fromJson(json.getJsonObject("registry"))), parsed));
  }
}
