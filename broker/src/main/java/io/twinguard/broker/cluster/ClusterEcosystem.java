package io.twinguard.broker.cluster;

import io.twinguard.broker.adapter.TwinAdapters;
import io.twinguard.broker.admin.EcosystemState;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The registry and mode of a cluster of brokers. The cluster map holds the state in force with its
 * version, the registry in its file form; every broker keeps a copy with adapters of its own, so a
 * call reads it locally and never waits. A change takes the cluster lock (changes at any broker run
 * one at a time, each on the state the one before left), prepares the new state at its broker
 * (creating a new twin's adapter), records, writes the next version into the map and sends it to
 * every member, completing only when each has applied it: decoded with its adapter types as {@code
 * twinguard serve} reads the registry file, the adapters of new or changed twins created and the
 * replaced ones retired. A member still starting reads the map once its consumer is registered, so
 * it misses no change; every member re-reads the version periodically (a backstop for a message
 * lost with a member that left and came back) and applies versions one at a time, in order.
 *
 * <p>When the lock, the map or a member does not answer in time, or a member could not create a
 * twin's adapter, the change fails with {@link Refusal.ClusterUnavailable}: it was recorded and is
 * in the map, but not confirmed everywhere. A member that cannot create an adapter takes the change
 * without it (calls to that twin are refused there as unavailable, {@code /ready} names it) rather
 * than serve the replaced declaration.
 */
final class ClusterEcosystem implements EcosystemState {

  private static final Logger LOG = Logger.getLogger(ClusterEcosystem.class.getName());
  /** The name of the cluster map, the prefix of the lock and of the members' addresses. */
  static final String NAME = "twinguard.ecosystem";
  private static final String KEY = "state";

  /**
   * The state in force at this broker, the version it has in the cluster (0: not yet in it), and
   * why the adapters of some of its twins could not be created here.
   */
  private record Held(long version, Snapshot snapshot, List<String> missing) {}

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final String name;
  private final Future<AsyncMap<String, String>> map;
  private final TwinAdapters adapters;
  private final Duration timeout;
  private final AtomicReference<Held> current;
  private Future<?> applying = Future.succeededFuture();

  private ClusterEcosystem(Vertx vertx, ClusterManager cluster, String name, Snapshot initial, TwinAdapters adapters,
      Duration timeout) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.name = name;
    this.map = vertx.sharedData().getAsyncMap(name);
    this.adapters = adapters;
    this.timeout = timeout;
    this.current = new AtomicReference<>(new Held(0, initial, List.of()));
  }

  /**
   * Joins the ecosystem {@code name} of the cluster ({@link #NAME}; tests use several): adopts the
   * state the cluster holds (the adapters of {@code initial} kept for the twins whose declaration is
   * the same, the others retired), or puts {@code initial} there when this broker is the first; then
   * keeps it current.
   *
   * @param adapters the adapter types of this broker, which decode and run the cluster's registry
   */
  static Future<EcosystemState> join(Vertx vertx, ClusterManager cluster, String name, Snapshot initial,
      TwinAdapters adapters, Duration timeout) {
    ClusterEcosystem ecosystem = new ClusterEcosystem(vertx, cluster, name, initial, adapters, timeout);
    return vertx.eventBus().<String>consumer(ecosystem.address(cluster.getNodeId()), ecosystem::applyChange)
        .completion()
        .compose(registered -> ecosystem.lock().compose(lock -> ecosystem.map
            .compose(shared -> shared.putIfAbsent(KEY, Versioned.of(1, initial).encode()))
            .andThen(done -> lock.release())))
        .compose(before -> before == null
            ? ecosystem.serially(() -> Future.succeededFuture(ecosystem.take(new Held(1, initial, List.of()))))
                .map(List.<String>of())
            : ecosystem.adopt(before).andThen(ecosystem::warn))
        .map(joined -> {
          vertx.setPeriodic(Math.max(1000, timeout.toMillis()), id -> ecosystem.sync());
          return ecosystem;
        });
  }

  @Override
  public Snapshot current() {
    return current.get().snapshot();
  }

  @Override
  public <T> Future<T> change(Function<Snapshot, Future<Snapshot>> next, Supplier<Future<T>> record) {
    return lock().compose(lock -> read()
        .compose(in -> next.apply(in.snapshot()).compose(out -> record.get()
            .onFailure(failure -> TwinAdapters.retireReplaced(out.catalog(), in.snapshot().catalog()))
            .compose(result -> {
              Versioned written = Versioned.of(in.version() + 1, out);
              return cluster(map.compose(shared -> shared.put(KEY, written.encode())))
                  .onFailure(failure -> TwinAdapters.retireReplaced(out.catalog(), in.snapshot().catalog()))
                  .compose(put -> serially(() -> Future.succeededFuture(take(new Held(written.version(), out,
                      List.of())))))
                  .compose(taken -> broadcast(written))
                  .map(result);
            })))
        .andThen(done -> lock.release()));
  }

  @Override
  public void force(Snapshot next) {
    current.updateAndGet(in -> new Held(in.version(), next, in.missing()));
  }

  /** The state the cluster holds, adopted by this broker when it is newer. */
  private Future<Held> read() {
    return cluster(map.compose(shared -> shared.get(KEY)))
        .compose(encoded -> adopt(encoded).andThen(this::warn))
        .map(adopted -> current.get());
  }

  /**
   * A change sent by the member that made it: applied before the answer, which fails naming what
   * went wrong, also when a re-read took the same version first.
   */
  private void applyChange(Message<String> message) {
    adopt(message.body()).onComplete(done -> {
      Held held = current.get();
      if (done.failed()) {
        message.fail(1, cluster.getNodeId() + ": " + done.cause().getMessage());
      } else if (held.version() == Versioned.versionOf(message.body()) && !held.missing().isEmpty()) {
        message.fail(2, cluster.getNodeId() + " took the change without these adapters: " + held.missing());
      } else {
        message.reply(held.version());
      }
    });
  }

  /**
   * Takes {@code encoded} as this broker's state when it is newer than the one in force: its registry
   * decoded with this broker's adapter types and served by this broker's adapters. Completes with
   * the errors of the adapters that could not be created; fails with a refusal, changing nothing,
   * when the state cannot be decoded here (an adapter type this broker lacks).
   */
  private Future<List<String>> adopt(String encoded) {
    return serially(() -> {
      Held mine = current.get();
      if (encoded == null || Versioned.versionOf(encoded) <= mine.version()) {
        return Future.succeededFuture(List.of());
      }
      Versioned theirs;
      try {
        theirs = Versioned.decode(encoded, adapters.types());
      } catch (IllegalArgumentException e) {
        return new Refusal.ClusterUnavailable("the cluster's registry cannot be taken here: " + e.getMessage()).fail();
      }
      return adapters.adopt(mine.snapshot().catalog(), theirs.registry()).map(adopted -> {
        take(new Held(theirs.version(), new Snapshot(adopted.catalog(), theirs.mode()), adopted.errors()));
        return adopted.errors();
      });
    });
  }

  /**
   * Puts {@code next} in force and retires the adapters it replaced, unless a version as new is in force
   * already (the first broker's state, overtaken while it joined); runs only inside {@link #serially}.
   */
  private Held take(Held next) {
    Held before = current.get();
    if (next.version() <= before.version()) {
      return before;
    }
    current.set(next);
    TwinAdapters.retireReplaced(before.snapshot().catalog(), next.snapshot().catalog());
    return next;
  }

  /** Runs {@code step} once every state this broker was taking before it is in force (or failed). */
  private synchronized <T> Future<T> serially(Supplier<Future<T>> step) {
    Future<T> next = applying.transform(previous -> step.get());
    applying = next;
    return next;
  }

  /** Sends {@code next} to every other member and waits until each has applied it. */
  private Future<Void> broadcast(Versioned next) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    String encoded = next.encode();
    return cluster(Future.all(cluster.getNodes().stream()
        .filter(node -> !node.equals(cluster.getNodeId()))
        .map(node -> vertx.eventBus().<Long>request(address(node), encoded, options).<Object>mapEmpty()
            .recover(ClusterEcosystem::unlessStarting))
        .toList()).mapEmpty());
  }

  /**
   * A member without a consumer yet reads the map once it has one, so it misses nothing; one that
   * answered with a failure could not apply the change, and says why.
   */
  private static Future<Object> unlessStarting(Throwable failure) {
    ReplyFailure type = failure instanceof ReplyException reply ? reply.failureType() : ReplyFailure.ERROR;
    return type == ReplyFailure.NO_HANDLERS ? Future.succeededFuture()
        : type == ReplyFailure.RECIPIENT_FAILURE ? new Refusal.ClusterUnavailable(
            "the change is recorded and in the cluster's map, but broker " + failure.getMessage()).fail()
        : Future.failedFuture(failure);
  }

  private void sync() {
    map.compose(shared -> shared.get(KEY)).compose(this::adopt).onComplete(this::warn);
  }

  private void warn(io.vertx.core.AsyncResult<List<String>> adopted) {
    if (adopted.failed()) {
      LOG.warning("the cluster's registry and mode were not taken: " + adopted.cause().getMessage());
    } else if (!adopted.result().isEmpty()) {
      LOG.warning("the cluster's registry was taken without the adapters of: " + adopted.result());
    }
  }

  private Future<Lock> lock() {
    return cluster(vertx.sharedData().getLockWithTimeout(name + ".change", timeout.toMillis()));
  }

  private String address(String node) {
    return name + "." + node;
  }

  /** A cluster operation bounded by the timeout; any failure of it is a refusal. */
  private <T> Future<T> cluster(Future<T> operation) {
    return operation.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> failure instanceof Refused ? Future.failedFuture(failure)
            : new Refusal.ClusterUnavailable("the change could not be made effective at every broker in "
                + timeout.toMillis() + " ms; it may have reached some, try it again").fail());
  }
}
