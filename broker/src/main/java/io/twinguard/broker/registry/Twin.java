package io.twinguard.broker.registry;

import io.twinguard.common.twin.BlockKind;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registered digital twin.
 *
 * @param id its SPIFFE ID, e.g. {@code spiffe://city.example/twin/hvac-room-1}
 * @param name the last path segment of the SPIFFE ID: the twin's name in call URLs
 * @param org the owning organisation
 * @param twinClass the class policies reason about (e.g. {@code hvac}, {@code fire-system}, {@code employer})
 * @param reach how the broker reaches it: its endpoint, or its adapter
 * @param blocks the blocks, keyed by {@link #key(BlockKind, String)}
 * @param auth how the twin may authenticate when it calls, at least one way
 * @param clientId the identity provider's client whose tokens stand for this twin; required when
 *     {@code auth} allows tokens
 * @param notifications the HTTPS URL where the twin receives consent withdrawal notices; empty: none
 */
public record Twin(String id, String name, String org, String twinClass, Reach reach, Map<String, Block> blocks,
    Set<AuthMethod> auth, Optional<String> clientId, Optional<URI> notifications) {

  // an OAuth client_id as Keycloak allows it: printable, no white space, bounded like an audit id
  private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7E]{1,255}");

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
    Objects.requireNonNull(reach, "reach");
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
    if (auth == null || auth.isEmpty()) {
      throw new IllegalArgumentException("auth must allow mtls, token or both");
    }
    auth = Set.copyOf(EnumSet.copyOf(auth));
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isPresent() && !CLIENT_ID.matcher(clientId.get()).matches()) {
      throw new IllegalArgumentException("client_id must be 1 to 255 printable characters without spaces");
    }
    if (auth.contains(AuthMethod.TOKEN) && clientId.isEmpty()) {
      throw new IllegalArgumentException("auth allows token, so client_id must name the twin's client");
    }
  }

  /**
   * A twin reached as {@code reach} says that authenticates with its certificate only.
   *
   * @throws IllegalArgumentException when a field is missing or malformed
   */
  public Twin(String id, String name, String org, String twinClass, Reach reach, Map<String, Block> blocks,
      Optional<URI> notifications) {
    this(id, name, org, twinClass, reach, blocks, Set.of(AuthMethod.MTLS), Optional.empty(), notifications);
  }

  /** A twin reached at its own endpoint that authenticates with its certificate only. */
  public Twin(String id, String name, String org, String twinClass, URI endpoint, Map<String, Block> blocks,
      Optional<URI> notifications) {
    this(id, name, org, twinClass, new Reach.Endpoint(endpoint), blocks, notifications);
  }

  /** A twin reached at its own endpoint that authenticates with its certificate only and receives no withdrawal notices. */
  public Twin(String id, String name, String org, String twinClass, URI endpoint, Map<String, Block> blocks) {
    this(id, name, org, twinClass, endpoint, blocks, Optional.empty());
  }

  /** A twin reached as {@code reach} says that authenticates with its certificate only and receives no notices. */
  public Twin(String id, String name, String org, String twinClass, Reach reach, Map<String, Block> blocks) {
    this(id, name, org, twinClass, reach, blocks, Optional.empty());
  }

  /** A twin reached at its own endpoint that receives no withdrawal notices. */
  public Twin(String id, String name, String org, String twinClass, URI endpoint, Map<String, Block> blocks,
      Set<AuthMethod> auth, Optional<String> clientId) {
    this(id, name, org, twinClass, new Reach.Endpoint(endpoint), blocks, auth, clientId, Optional.empty());
  }

  /** Whether the twin may authenticate with {@code method}. */
  public boolean allows(AuthMethod method) {
    return auth.contains(method);
  }

  /** This twin answering at another endpoint. */
  public Twin at(URI otherEndpoint) {
    return new Twin(id, name, org, twinClass, new Reach.Endpoint(otherEndpoint), blocks, auth, clientId, notifications);
  }

  /**
   * The base URL of a twin reached at its own endpoint.
   *
   * @throws IllegalStateException when the twin is reached through an adapter instead
   */
  public URI endpoint() {
    if (reach instanceof Reach.Endpoint endpoint) {
      return endpoint.url();
    }
    throw new IllegalStateException("twin " + name + " is reached through its adapter, not at an endpoint");
  }

  public Optional<Block> block(BlockKind kind, String blockName) {
    return Optional.ofNullable(blocks.get(key(kind, blockName)));
  }

  /** The key of a block in {@link #blocks()}: {@code kind/name}. */
  public static String key(BlockKind kind, String blockName) {
    return kind.wireName() + "/" + blockName;
  }
}
