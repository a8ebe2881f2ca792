package io.twinguard.broker.registry;

import io.twinguard.common.twin.BlockKind;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered digital twin.
 *
 * @param id its SPIFFE ID, e.g. {@code spiffe://city.example/twin/hvac-room-1}
 * @param name the last path segment of the SPIFFE ID: the twin's name in call URLs
 * @param org the owning organisation
 * @param twinClass the class policies reason about (e.g. {@code hvac}, {@code fire-system}, {@code employer})
 * @param endpoint the base URL the broker forwards calls to
 * @param blocks the blocks, keyed by {@link #key(BlockKind, String)}
 */
public record Twin(String id, String name, String org, String twinClass, URI endpoint, Map<String, Block> blocks) {

  /** @throws IllegalArgumentException when a field is missing or malformed */
  public Twin {
    Objects.requireNonNull(id, "id");
    Names.requireName(name, "twin name");
    if (org == null || org.isBlank()) {
      throw new IllegalArgumentException("org is required");
    }
    if (twinClass == null || twinClass.isBlank()) {
      throw new IllegalArgumentException("class is required");
    }
    Objects.requireNonNull(endpoint, "endpoint");
    blocks = Map.copyOf(blocks);
    blocks.forEach((key, block) -> {
      if (!key.equals(key(block.kind(), block.name()))) {
        throw new IllegalArgumentException("block '" + block.name() + "' filed as '" + key + "'");
      }
    });
  }

  public Optional<Block> block(BlockKind kind, String blockName) {
    return Optional.ofNullable(blocks.get(key(kind, blockName)));
  }

  /** The key of a block in {@link #blocks()}: {@code kind/name}. */
  public static String key(BlockKind kind, String blockName) {
    return kind.wireName() + "/" + blockName;
  }
}
