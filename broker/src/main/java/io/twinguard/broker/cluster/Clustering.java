package io.twinguard.broker.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.twinguard.common.settings.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Starts a clustered Vert.x on Hazelcast from {@code cluster.*}: Vert.x's own Hazelcast
 * configuration (its subscription and node maps), the cluster's name, this member bound to {@code
 * cluster.host:cluster.port} only, members found through {@code cluster.members} over TCP, never
 * by multicast or auto-detection, no phoning home, and a dead member noticed within seconds. The
 * clustered event bus binds a free port on the same host.
 */
public final class Clustering {

  /** A clustered Vert.x and its cluster manager. */
  public record Member(Vertx vertx, HazelcastClusterManager manager) {}

  private Clustering() {}

  /** Joins (or forms) the cluster; the future fails when Hazelcast or the event bus cannot start. */
  public static Future<Member> join(ClusterSettings settings) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(settings));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(settings.host()).setPort(0);
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .map(vertx -> new Member(vertx, manager));
  }

  /** The Hazelcast configuration of {@code settings}. */
  static Config hazelcast(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // Vert.x leaves the cluster when it closes; Hazelcast's own hook would race it
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(settings.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    return config;
  }
}
