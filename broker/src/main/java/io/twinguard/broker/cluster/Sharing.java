package io.twinguard.broker.cluster;

import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.arbitration.ActuatorLeases;
import io.twinguard.broker.arbitration.Leases;
import io.twinguard.broker.replay.Nonces;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.broker.server.Readiness;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where a broker keeps the state that must hold across brokers: signature nonces, actuator leases,
 * the mode and the registry. {@link #standalone} keeps it in this process, as one broker always
 * has; {@link ClusterSharing} in the Vert.x cluster, so that several brokers act as one.
 */
public interface Sharing {

  /** The nonces, on top of this broker's guard (which keeps the window check and its capacity). */
  Nonces nonces(ReplayGuard local);

  /** The actuator leases, each held for {@code ttl} unless released. */
  Leases leases(Clock clock, Duration ttl);

  /**
   * The registry and mode, starting from {@code initial} unless the cluster already holds some;
   * {@code adapters} decodes and runs a registry that comes from another broker.
   */
  Future<EcosystemState> ecosystem(EcosystemState.Snapshot initial, TwinAdapters adapters);

  /** What {@code /ready} says about the sharing. */
  List<Readiness> readiness();

  /** Everything in this process: one broker. */
  static Sharing standalone() {
    return new Sharing() {
      @Override
      public Nonces nonces(ReplayGuard local) {
        return Nonces.local(local);
      }

      @Override
      public Leases leases(Clock clock, Duration ttl) {
        return Leases.local(new ActuatorLeases(clock, ttl));
      }

      @Override
      public Future<EcosystemState> ecosystem(EcosystemState.Snapshot initial, TwinAdapters adapters) {
        return Future.succeededFuture(EcosystemState.local(initial));
      }

      @Override
      public List<Readiness> readiness() {
        return List.of();
      }
    };
  }
}
