package io.twinguard.broker.registry;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the twin registry of one trust domain. Changes make a new snapshot, so a
 * call in flight always sees one consistent registry.
 */
public final class Registry {

  private final String trustDomain;
  private final Map<String, Twin> byName;
  private final Map<String, Twin> byId;
  private final Map<String, Twin> byClient;

  /** @throws IllegalArgumentException when two twins name one client */
  private Registry(String trustDomain, Map<String, Twin> byName) {
    this.trustDomain = trustDomain;
    this.byName = Map.copyOf(byName);
    Map<String, Twin> ids = new LinkedHashMap<>();
    Map<String, Twin> clients = new LinkedHashMap<>();
    byName.values().forEach(twin -> {
      ids.put(twin.id(), twin);
      twin.clientId().ifPresent(client -> {
        Twin other = clients.putIfAbsent(client, twin);
        if (other != null) {
          throw new IllegalArgumentException("twins '" + other.name() + "' and '" + twin.name()
              + "' name the same client_id '" + client + "': a client stands for one twin");
        }
      });
    });
    this.byId = Map.copyOf(ids);
    this.byClient = Map.copyOf(clients);
  }

  /**
   * A registry of the given twins.
   *
   * @throws IllegalArgumentException when a twin's SPIFFE ID is not of this trust domain or its name
   *     is not the ID's last path segment, or when two twins share a name or a client
   */
  public static Registry of(String trustDomain, Collection<Twin> twins) {
    if (trustDomain == null || !trustDomain.matches("[a-z0-9._-]+")) {
      throw new IllegalArgumentException("trust domain must be lower-case letters, digits, '.', '_', '-', not '" + trustDomain + "'");
    }
    Map<String, Twin> byName = new LinkedHashMap<>();
    for (Twin twin : twins) {
      requireIdOf(trustDomain, twin);
      if (byName.putIfAbsent(twin.name(), twin) != null) {
        throw new IllegalArgumentException("two twins named '" + twin.name() + "'");
      }
    }
    return new Registry(trustDomain, byName);
  }

  public String trustDomain() {
    return trustDomain;
  }

  public Optional<Twin> twin(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Optional<Twin> twinById(String spiffeId) {
    return Optional.ofNullable(byId.get(spiffeId));
  }

  /** The twin whose tokens the identity provider issues to {@code clientId}. */
  public Optional<Twin> twinByClient(String clientId) {
    return Optional.ofNullable(byClient.get(clientId));
  }

  public List<Twin> twins() {
    return List.copyOf(byName.values());
  }

  /**
   * This registry with {@code twin} added, or replacing the twin of the same name.
   *
   * @throws IllegalArgumentException when the twin is of another trust domain or names another twin's client
   */
  public Registry with(Twin twin) {
    requireIdOf(trustDomain, twin);
    Map<String, Twin> next = new LinkedHashMap<>(byName);
    next.put(twin.name(), twin);
    return new Registry(trustDomain, next);
  }

  /** This registry without the twin named {@code name}; the same registry when there is none. */
  public Registry without(String name) {
    Map<String, Twin> next = new LinkedHashMap<>(byName);
    next.remove(name);
    return new Registry(trustDomain, next);
  }

  private static void requireIdOf(String trustDomain, Twin twin) {
    URI id;
    try {
      id = URI.create(twin.id());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("twin id '" + twin.id() + "' is not a URI", e);
    }
    String path = id.getRawPath() == null ? "" : id.getRawPath();
    if (!"spiffe".equals(id.getScheme())
        || !trustDomain.equals(id.getRawAuthority())
        || id.getRawQuery() != null
        || id.getRawFragment() != null
        || !path.endsWith("/" + twin.name())) {
      throw new IllegalArgumentException(
          "twin id '" + twin.id() + "' must be spiffe://" + trustDomain + "/.../" + twin.name());
    }
  }
}
