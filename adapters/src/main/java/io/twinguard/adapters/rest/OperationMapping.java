package io.twinguard.adapters.rest;

import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.BlockRef;
import java.util.Objects;

/**
 * The legacy format one broker operation uses now.
 *
 * @param block the broker block
 * @param operation the broker operation
 * @param version the name of the legacy format in use (e.g. {@code v2})
 * @param format how the operation maps to that format
 * @param artefact the SHA-256 of the canonical JSON (RFC 8785) of this operation's declaration and
 *     the format in use: changes whenever the mapping that answers changes
 */
public record OperationMapping(BlockRef block, String operation, String version, LegacyFormat format, ArtefactDigest artefact) {
  public OperationMapping {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(artefact, "artefact");
  }
}
