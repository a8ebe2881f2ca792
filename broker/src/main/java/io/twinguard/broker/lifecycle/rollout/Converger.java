package io.twinguard.broker.lifecycle.rollout;

import io.twinguard.broker.lifecycle.Revisions;
import io.twinguard.broker.lifecycle.store.RevisionStore;
import io.twinguard.policies.InProcessPolicyEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this broker's in-process engine on the revision the activation history makes active, for
 * every broker on the same database: told at once by PostgreSQL NOTIFY ({@link
 * RevisionStore#CHANNEL}), and reading the history again every {@code every} and whenever its LISTEN
 * connection comes back, so that a broker that missed a notification converges within {@code every}.
 * A revision that does not load or verify is refused; the engine keeps the one it runs and {@link
 * #lastFailure} says why. Convergences run one at a time.
 */
public final class Converger implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Converger.class.getName());

  private final Vertx vertx;
  private final Pool pool;
  private final InProcessPolicyEngine engine;
  private final Revisions revisions;
  private final Duration every;
  private final Clock clock;
  private final PgSubscriber subscriber;
  private final RevisionStore store = new RevisionStore();
  private final String instance = UUID.randomUUID().toString();
  private Future<String> last = Future.succeededFuture();
  private volatile Optional<String> active = Optional.empty();
  private volatile Throwable lastFailure;
  private long timer = -1;

  public Converger(Vertx vertx, Pool pool, PgConnectOptions options, InProcessPolicyEngine engine,
      Revisions revisions, Duration every, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.engine = engine;
    this.revisions = revisions;
    this.every = every;
    this.clock = clock;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(retries -> Math.min(1000L, 50L * (retries + 1)));
    subscriber.channel(RevisionStore.CHANNEL)
        .subscribeHandler(v -> converge())
        .handler(payload -> converge());
  }

  /**
   * Listens, then converges once: the future fails when the active revision does not load (the
   * broker must not start on other policies than its peers), and succeeds with the revision run.
   */
  public Future<String> start() {
    return subscriber.connect()
        .compose(v -> converge())
        .onSuccess(revision -> timer = vertx.setPeriodic(every.toMillis(), id -> converge()));
  }

  /** Reads the active revision and loads it if this broker runs another; completes with the revision run. */
  public Future<String> converge() {
    return serially(() -> store.active(pool)
        .compose(found -> {
          active = found;
          if (found.isEmpty() || found.get().equals(engine.revision())) {
            return Future.succeededFuture(engine.revision());
          }
          return revisions.bundle(found.get()).compose(engine::load);
        })
        .compose(running -> store.running(pool, instance, running, clock.instant())
            .recover(e -> Future.succeededFuture())
            .map(running))
        .onSuccess(running -> lastFailure = null)
        .onFailure(failure -> {
          lastFailure = failure;
          LOG.log(Level.WARNING, "policy revision not loaded, " + engine.revision() + " stays: " + failure.getMessage());
        }));
  }

  private synchronized Future<String> serially(Supplier<Future<String>> next) {
    Future<String> run = last.transform(previous -> next.get());
    last = run;
    return run;
  }

  /** The revision the activation history makes active, as last read; empty when none was activated. */
  public Optional<String> active() {
    return active;
  }

  /** The revision this broker's engine runs. */
  public String running() {
    return engine.revision();
  }

  /** Why the last convergence failed, or empty when it succeeded. */
  public Optional<Throwable> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** This broker process's id in {@code policy.broker_state}. */
  public String instance() {
    return instance;
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    subscriber.close();
    store.leave(pool, instance);
  }
}
