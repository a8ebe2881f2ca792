package io.twinguard.broker.call;

import io.twinguard.adapters.Adapter;
import io.twinguard.broker.registry.Reach;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.validation.PayloadSchemas;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.jcs.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registry snapshot with its compiled payload schemas and the adapters of its twins that declare
 * one: what one call resolves against.
 *
 * @param registry the twins and their blocks
 * @param schemas the registry's compiled payload schemas
 * @param snapshot the registry's RFC 8785 canonical JSON ({@link RegistryCodec#toJson}), as stored
 *     for replay
 * @param revision the RFC 9530 SHA-256 digest of {@code snapshot}: which registry a decision saw
 * @param adapters the adapters by twin name; only twins reached through an adapter have one
 */
public record Catalog(Registry registry, PayloadSchemas schemas, String snapshot, String revision,
    Map<String, Adapter> adapters) {

  /** @throws IllegalArgumentException when an adapter is filed under a twin without an adapter declaration */
  public Catalog {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(schemas, "schemas");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(revision, "revision");
    adapters = Map.copyOf(adapters);
    adapters.keySet().forEach(name -> {
      if (registry.twin(name).map(twin -> !(twin.reach() instanceof Reach.Adapted)).orElse(true)) {
        throw new IllegalArgumentException("an adapter is filed under '" + name + "', which declares none");
      }
    });
  }

  /**
   * Compiles the schemas of {@code registry} and takes its snapshot; its twins that declare an
   * adapter have none running (their calls are refused as unavailable).
   *
   * @throws IllegalArgumentException naming the operation whose schema is invalid
   */
  public static Catalog of(Registry registry) {
    return of(registry, Map.of());
  }

  /**
   * Compiles the schemas of {@code registry} and takes its snapshot, with the running {@code
   * adapters} by twin name.
   *
   * @throws IllegalArgumentException naming the operation whose schema is invalid
   */
  public static Catalog of(Registry registry, Map<String, Adapter> adapters) {
    byte[] canonical = CanonicalJson.canonicalize(RegistryCodec.toJson(registry).encode());
    return new Catalog(registry, PayloadSchemas.compile(registry), new String(canonical, StandardCharsets.UTF_8),
        ContentDigest.create(canonical, DigestAlgorithm.SHA_256), adapters);
  }

  /** The running adapter of the twin named {@code twin}, if it declares one and it runs. */
  public Optional<Adapter> adapter(String twin) {
    return Optional.ofNullable(adapters.get(twin));
  }

  /** This catalog with {@code twin} added or replaced, served by {@code adapter} when it has one. */
  public Catalog with(Twin twin, Optional<Adapter> adapter) {
    Map<String, Adapter> next = new HashMap<>(adapters);
    next.remove(twin.name());
    adapter.ifPresent(a -> next.put(twin.name(), a));
    return of(registry.with(twin), next);
  }

  /** This catalog without the twin named {@code name} and its adapter. */
  public Catalog without(String name) {
    Map<String, Adapter> next = new HashMap<>(adapters);
    next.remove(name);
    return of(registry.without(name), next);
  }
}
