package io.twinguard.broker.call;

import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.validation.PayloadSchemas;
import java.util.Objects;

/**
 * A registry snapshot with its compiled payload schemas: what one call resolves against.
 *
 * @param registry the twins and their blocks
 * @param schemas the registry's compiled payload schemas
 */
public record Catalog(Registry registry, PayloadSchemas schemas) {
  public Catalog {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(schemas, "schemas");
  }

  /**
   * Compiles the schemas of {@code registry}.
   *
   * @throws IllegalArgumentException naming the operation whose schema is invalid
   */
  public static Catalog of(Registry registry) {
    return new Catalog(registry, PayloadSchemas.compile(registry));
  }
}
