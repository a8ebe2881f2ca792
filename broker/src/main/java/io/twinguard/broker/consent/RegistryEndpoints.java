package io.twinguard.broker.consent;

import io.twinguard.broker.call.Catalog;
import io.twinguard.consent.propagate.NotificationEndpoints;
import io.vertx.core.Future;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Each twin's withdrawal-notice endpoint, as the registry in force declares it ({@code
 * notifications}); a twin that is not registered (any more) or declares none has none.
 */
public final class RegistryEndpoints implements NotificationEndpoints {

  private final Supplier<Catalog> catalog;

  /** @param catalog the registry in force, asked again for every notice */
  public RegistryEndpoints(Supplier<Catalog> catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public Future<Optional<URI>> endpointOf(String twinSpiffeId) {
    return Future.succeededFuture(catalog.get().registry().twinById(twinSpiffeId).flatMap(twin -> twin.notifications()));
  }
}
