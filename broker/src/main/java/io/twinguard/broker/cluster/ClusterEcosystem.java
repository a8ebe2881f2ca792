package io.twinguard.broker.cluster;

import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The registry and mode of a cluster of brokers. The cluster map holds the state in force with its
 * version; every broker keeps a copy, so a call reads it locally and never waits. A change takes
 * the cluster lock of the ecosystem (changes at any broker run one at a time, each on the state the
 * one before left), records, writes the next version into the map, and sends it to every member,
 * completing only when each has answered that it applied it: the change is effective at every
 * broker before the admin API answers. A member still starting (no consumer yet) reads the map
 * after registering its consumer, so it cannot miss the change. Every member also re-reads the
 * version periodically, a backstop for a message lost with a member that left and came back.
 * When the lock, the map or a member does not answer within the timeout the change fails with
 * {@link Refusal.ClusterUnavailable}: it was recorded and is in the map, but not confirmed
 * everywhere, so the administrator must not take it as effective.
 */
final class ClusterEcosystem implements EcosystemState {

  private static final Logger LOG = Logger.getLogger(ClusterEcosystem.class.getName());
  /** The name of the cluster map, the prefix of the lock and of the members' addresses. */
  static final String NAME = "twinguard.ecosystem";
  private static final String KEY = "state";

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final String name;
  private final Future<AsyncMap<String, String>> map;
  private final Duration timeout;
  private final AtomicReference<Versioned> current = new AtomicReference<>();

  private ClusterEcosystem(Vertx vertx, ClusterManager cluster, String name, Duration timeout) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.name = name;
    this.map = vertx.sharedData().getAsyncMap(name);
    this.timeout = timeout;
  }

  /**
   * Joins the cluster's ecosystem: adopts the state the cluster holds, or puts {@code initial} there
   * when this broker is the first; then keeps it current.
   */
  static Future<EcosystemState> join(Vertx vertx, ClusterManager cluster, Snapshot initial, Duration timeout) {
    return join(vertx, cluster, NAME, initial, timeout);
  }

  /** {@link #join} under another name: several ecosystems in one cluster (tests). */
  static Future<EcosystemState> join(Vertx vertx, ClusterManager cluster, String name, Snapshot initial,
      Duration timeout) {
    ClusterEcosystem ecosystem = new ClusterEcosystem(vertx, cluster, name, timeout);
    return vertx.eventBus().<String>consumer(ecosystem.address(cluster.getNodeId()), message -> {
          ecosystem.adopt(message.body());
          message.reply(ecosystem.current.get().version());
        }).completion()
        .compose(registered -> ecosystem.locked(() -> ecosystem.map.compose(shared -> shared.putIfAbsent(KEY,
            new Versioned(1, initial).encode()))))
        .map(before -> {
          if (before == null) {
            ecosystem.take(new Versioned(1, initial));
          } else {
            ecosystem.adopt(before);
          }
          long every = Math.max(1000, timeout.toMillis());
          vertx.setPeriodic(every, every, id -> ecosystem.sync());
          return ecosystem;
        });
  }

  @Override
  public Snapshot current() {
    return current.get().snapshot();
  }

  @Override
  public <T> Future<T> change(Supplier<Future<T>> record, UnaryOperator<Snapshot> update) {
    return lock().compose(lock -> read()
        .compose(in -> record.get().compose(result -> {
          Versioned next = new Versioned(in.version() + 1, update.apply(in.snapshot()));
          return cluster(map.compose(shared -> shared.put(KEY, next.encode())))
              .compose(written -> broadcast(next))
              .map(result);
        }))
        .andThen(done -> lock.release()));
  }

  @Override
  public void force(Snapshot next) {
    current.updateAndGet(in -> new Versioned(in.version(), next));
  }

  /** The state the cluster holds, as this broker's copy when the version is the same. */
  private Future<Versioned> read() {
    return cluster(map.compose(shared -> shared.get(KEY))).map(encoded -> {
      adopt(encoded);
      return current.get();
    });
  }

  /** Takes {@code encoded} as this broker's state when it is newer. */
  private void adopt(String encoded) {
    Versioned mine = current.get();
    if (encoded != null && (mine == null || Versioned.versionOf(encoded) > mine.version())) {
      take(Versioned.decode(encoded));
    }
  }

  /** Takes {@code next} as this broker's state unless a newer one is in force already. */
  private void take(Versioned next) {
    current.accumulateAndGet(next, (mine, theirs) -> mine == null || theirs.version() > mine.version() ? theirs : mine);
  }

  /** Sends {@code next} to every member and waits until each has applied it. */
  private Future<Void> broadcast(Versioned next) {
    take(next);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    return cluster(Future.all(cluster.getNodes().stream()
        .filter(node -> !node.equals(cluster.getNodeId()))
        .map(node -> vertx.eventBus().request(address(node), next.encode(), options)
            .recover(failure -> stillStarting(failure) ? Future.succeededFuture() : Future.failedFuture(failure)))
        .toList()).mapEmpty());
  }

  /** A member without a consumer yet reads the map once it has one, so it misses nothing. */
  private static boolean stillStarting(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private void sync() {
    map.compose(shared -> shared.get(KEY)).onSuccess(this::adopt)
        .onFailure(failure -> LOG.warning("the cluster's registry and mode were not read: " + failure.getMessage()));
  }

  private Future<io.vertx.core.shareddata.Lock> lock() {
    return cluster(vertx.sharedData().getLockWithTimeout(name + ".change", timeout.toMillis()));
  }

  private String address(String node) {
    return name + "." + node;
  }

  private <T> Future<T> locked(Supplier<Future<T>> action) {
    return lock().compose(lock -> action.get().andThen(done -> lock.release()));
  }

  /** A cluster operation bounded by the timeout; any failure of it is a refusal. */
  private <T> Future<T> cluster(Future<T> operation) {
    return operation.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> new Refusal.ClusterUnavailable("the change could not be made effective at every broker in "
            + timeout.toMillis() + " ms; it may have reached some, try it again").fail());
  }
}
