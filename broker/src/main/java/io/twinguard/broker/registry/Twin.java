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
 * @param notifications the HTTPS URL where the twin receives consent withdrawal notices; empty: none
 */
public record Twin(String id, String name, String org, String twinClass, URI endpoint, Map<String, Block> blocks,
    Optional<URI> notifications) {

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
    Objects.requireNonNull(notifications, "notifications");
    notifications.ifPresent(url -> {
      if (!"https".equals(url.getScheme()) || url.getHost() == null) {
        throw new IllegalArgumentException("notifications must be an https URL with a host, not '" + url + "'");
      }
    });
    blocks = Map.copyOf(blocks);
    blocks.forEach((key, block) -> {
      if (!key.equals(key(block.kind(), block.name()))) {
        throw new IllegalArgumentException("block '" + block.name() + "' filed as '" + key + "'");
      }
    });
  }

  /** A twin that receives no withdrawal notices. */
  public Twin(String id, String name, String org, String twinClass, URI endpoint, Map<String, Block> blocks) {
    this(id, name, org, twinClass, endpoint, blocks, Optional.empty());
  }

  /** This twin answering at another endpoint. */
  public Twin at(URI otherEndpoint) {
    return new Twin(id, name, org, twinClass, otherEndpoint, blocks, notifications);
  }

  public Optional<Block> block(BlockKind kind, String blockName) {
    return Optional.ofNullable(blocks.get(key(kind, blockName)));
  }

  /** The key of a block in {@link #blocks()}: {@code kind/name}. */
  public static String key(BlockKind kind, String blockName) {
    return kind.wireName() + "/" + blockName;
  }
}
