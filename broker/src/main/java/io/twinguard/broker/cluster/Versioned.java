package io.twinguard.broker.cluster;

import io.twinguard.adapters.Adapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Objects;

/**
 * The registry and mode with the number of the change that made them, as the cluster holds them:
 * JSON {@code {"version": n, "mode": "normal", "registry": {...}}}, the registry in its file and
 * API form (adapter declarations included, never the adapters themselves: each broker runs its own).
 *
 * @param version 1 for the state the first broker started with, one more for every change
 * @throws IllegalArgumentException when the version is below 1
 */
record Versioned(long version, Registry registry, PolicyInputs.Mode mode) {

  Versioned {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(mode, "mode");
  }

  /** The registry and mode of {@code snapshot} as change number {@code version}. */
  static Versioned of(long version, EcosystemState.Snapshot snapshot) {
    return new Versioned(version, snapshot.catalog().registry(), snapshot.mode());
  }

  /** This state as the cluster holds it. */
  String encode() {
    return new JsonObject().put("version", version).put("mode", mode.wireName())
        .put("registry", RegistryCodec.toJson(registry)).encode();
  }

  /** The version of an encoded state, without parsing its registry. */
  static long versionOf(String encoded) {
    return new JsonObject(encoded).getLong("version");
  }

  /**
   * Decodes a state as {@code twinguard serve} reads its registry file: adapter declarations are
   * validated by the adapter {@code types} of this broker.
   *
   * @throws IllegalArgumentException when it is not a state this class encoded, or its registry
   *     declares an adapter these types refuse ({@link io.twinguard.broker.registry.RegistryException})
   */
  static Versioned decode(String encoded, Adapters types) {
    JsonObject json = new JsonObject(encoded);
    String mode = json.getString("mode");
    PolicyInputs.Mode parsed = Arrays.stream(PolicyInputs.Mode.values())
        .filter(candidate -> candidate.wireName().equals(mode)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + mode + "'"));
    return new Versioned(json.getLong("version"), RegistryCodec.fromJson(json.getJsonObject("registry"), types), parsed);
  }
}
