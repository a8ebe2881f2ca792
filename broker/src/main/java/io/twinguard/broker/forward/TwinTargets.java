package io.twinguard.broker.forward;

import io.twinguard.broker.registry.Reach;
import io.vertx.core.Future;

/**
 * Where allowed calls go, per target twin: to its endpoint ({@link Forwarder}) or through its
 * adapter, as the registry declares it.
 *
 * @param endpoints the targets reached at their endpoints
 * @param adapted the targets reached through their adapters
 */
public record TwinTargets(Targets endpoints, Targets adapted) implements Targets {

  @Override
  public Future<Upstream> call(TargetCall call) {
    return of(call).call(call);
  }

  @Override
  public Future<EventStream> events(TargetCall subscription) {
    return of(subscription).events(subscription);
  }

  private Targets of(TargetCall call) {
    return call.target().reach() instanceof Reach.Adapted ? adapted : endpoints;
  }
}
