package io.twinguard.consent.propagate;

import io.vertx.core.Future;
import java.net.URI;
import java.util.Optional;

/**
 * Where a twin receives withdrawal notices: the broker implements it from its registry (each
 * twin's {@code notifications} URL). Implementations must not block.
 */
@FunctionalInterface
public interface NotificationEndpoints {

  /** The HTTPS URL of the twin's notification endpoint; empty when the twin declares none. */
  Future<Optional<URI>> endpointOf(String twinSpiffeId);
}
