package io.twinguard.broker.call;

import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.validation.PayloadSchemas;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.jcs.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A registry snapshot with its compiled payload schemas: what one call resolves against.
 *
 * @param registry the twins and their blocks
 * @param schemas the registry's compiled payload schemas
 * @param snapshot the registry's RFC 8785 canonical JSON ({@link RegistryCodec#toJson}), as stored
 *     for replay
 * @param revision the RFC 9530 SHA-256 digest of {@code snapshot}: which registry a decision saw
 */
public record Catalog(Registry registry, PayloadSchemas schemas, String snapshot, String revision) {
  public Catalog {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(schemas, "schemas");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(revision, "revision");
  }

  /**
   * Compiles the schemas of {@code registry} and takes its snapshot.
   *
   * @throws IllegalArgumentException naming the operation whose schema is invalid
   */
  public static Catalog of(Registry registry) {
    byte[] canonical = CanonicalJson.canonicalize(RegistryCodec.toJson(registry).encode());
    return new Catalog(registry, PayloadSchemas.compile(registry), new String(canonical, StandardCharsets.UTF_8),
        ContentDigest.create(canonical, DigestAlgorithm.SHA_256));
  }
}
