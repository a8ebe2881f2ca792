package io.twinguard.broker.cluster;

import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.arbitration.Leases;
import io.twinguard.broker.replay.Nonces;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.broker.server.Readiness;
import io.twinguard.common.settings.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The state of a broker kept in its Vert.x cluster (Hazelcast, started by {@link Clustering}):
 * nonces and leases in cluster maps whose entries expire ({@link ClusterNonces}, {@link
 * ClusterLeases}), the registry and mode in a cluster map and a copy at every broker (running its
 * own adapters), changed under a cluster lock and acknowledged by every member ({@link
 * ClusterEcosystem}). None of it uses
 * Hazelcast's CP subsystem, which needs three members or more: maps and their locks are
 * partitioned with one backup, so one to three brokers work alike, and the death of one member
 * loses nothing.
 */
public final class ClusterSharing implements Sharing {

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final ClusterSettings settings;
  private final Clock clock;

  /**
   * @param vertx a clustered Vert.x
   * @param manager its cluster manager
   */
  public ClusterSharing(Vertx vertx, HazelcastClusterManager manager, ClusterSettings settings, Clock clock) {
    this.vertx = vertx;
    this.manager = manager;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Nonces nonces(ReplayGuard local) {
    return new ClusterNonces(local, vertx.sharedData().getAsyncMap(ClusterNonces.MAP), clock, settings.timeout(),
        manager.getNodeId());
  }

  @Override
  public Leases leases(Clock leaseClock, Duration ttl) {
    return new ClusterLeases(vertx.sharedData(), vertx.sharedData().getAsyncMap(ClusterLeases.MAP), leaseClock, ttl,
        settings.timeout());
  }

  @Override
  public Future<EcosystemState> ecosystem(EcosystemState.Snapshot initial, TwinAdapters adapters) {
    return ClusterEcosystem.join(vertx, manager, ClusterEcosystem.NAME, initial, adapters, settings.timeout());
  }

  /** {@code cluster}: ready while this member is in the cluster; the detail names it and counts the members. */
  @Override
  public List<Readiness> readiness() {
    return List.of(() -> {
      boolean active = manager.isActive();
      return new Readiness.Check("cluster", active, new JsonObject()
          .put("name", settings.name())
          .put("member", manager.getNodeId())
          .put("members", active ? manager.getNodes().size() : 0));
    });
  }
}
