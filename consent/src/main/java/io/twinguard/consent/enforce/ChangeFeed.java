package io.twinguard.consent.enforce;

import io.twinguard.consent.ConsentChange;
import io.twinguard.consent.store.ChangeAckStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Consent changes across every broker process on one database, through PostgreSQL LISTEN/NOTIFY.
 * A change is announced inside its transaction (so it is delivered exactly when it is visible);
 * every process drops its cached consents of the subject, tells its listeners, then acks the change
 * in the database; {@link #awaitAcks} waits until every live process acked.
 *
 * <p>Guaranteed: {@link #trusted()} is false, so the cache must not be used, while the LISTEN
 * connection is down or this process has not renewed its liveness (a beat) within half the ttl;
 * a process that cannot beat drops out of the set {@link #awaitAcks} waits for only after a whole
 * ttl, by which time it has stopped trusting its cache. Reconnecting drops every cached entry
 * (notifications may have been missed).
 */
public final class ChangeFeed {

  /** The NOTIFY channel. */
  public static final String CHANNEL = "twinguard_consent";

  private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());
  private static final long POLL_MS = 2;

  private final Vertx vertx;
  private final Pool pool;
  private final PgSubscriber subscriber;
  private final ChangeAckStore acks = new ChangeAckStore();
  private final String instance = UUID.randomUUID().toString();
  private final long ttlMs;
  private final Runnable dropAll;
  private final CopyOnWriteArrayList<Consumer<ConsentChange>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean connected;
  private volatile long lastBeatNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
  private long beatTimer = -1;

  /**
   * @param dropAll drops every cached consent (on reconnect and when told of a change)
   */
  public ChangeFeed(Vertx vertx, Pool pool, PgConnectOptions options, Duration ttl, Runnable dropAll) {
    this.vertx = vertx;
    this.pool = pool;
    this.ttlMs = ttl.toMillis();
    this.dropAll = dropAll;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(retries -> Math.min(1000L, 50L * (retries + 1)));
    subscriber.channel(CHANNEL)
        .subscribeHandler(v -> {
          dropAll.run();
          connected = true;
        })
        .handler(this::received);
    subscriber.closeHandler(v -> {
      connected = false;
      dropAll.run();
    });
  }

  /** Connects, beats once and then every quarter ttl. */
  public Future<Void> start() {
    return subscriber.connect()
        .compose(v -> beat())
        .onSuccess(v -> beatTimer = vertx.setPeriodic(Math.max(1, ttlMs / 4), id -> beat()))
        .mapEmpty();
  }

  /** Whether the cache may be used now. */
  public boolean trusted() {
    return connected && System.nanoTime() - lastBeatNanos < ttlMs * 500_000L;
  }

  /** Adds a listener told of every change, after caches dropped the subject. */
  public void onChange(Consumer<ConsentChange> listener) {
    listeners.add(listener);
  }

  /**
   * Numbers a change and announces it in the transaction of {@code tx}.
   *
   * @return the change's number
   */
  public Future<Long> announce(SqlClient tx, String subject, String consentId, String status, boolean valid) {
    return acks.nextChange(tx).compose(id -> acks
        .notify(tx, CHANNEL, new JsonObject().put("c", id).put("s", subject).put("i", consentId)
            .put("t", status).put("v", valid).encode())
        .map(id));
  }

  /**
   * Completes with true once every live process acked the change, false when some had not within
   * the ttl (they stop trusting their cache by then).
   */
  public Future<Boolean> awaitAcks(long change) {
    Promise<Boolean> done = Promise.promise();
    long deadline = System.nanoTime() + ttlMs * 1_000_000L;
    poll(change, deadline, done);
    return done.future();
  }

  private void poll(long change, long deadline, Promise<Boolean> done) {
    acks.unacked(pool, change, ttlMs).onComplete(ar -> {
      if (ar.succeeded() && ar.result() == 0) {
        done.complete(true);
      } else if (System.nanoTime() > deadline) {
        done.complete(false);
      } else {
        vertx.setTimer(POLL_MS, id -> poll(change, deadline, done));
      }
    });
  }

  /** Leaves the set of listeners and disconnects. */
  public Future<Void> close() {
    if (beatTimer >= 0) {
      vertx.cancelTimer(beatTimer);
    }
    connected = false;
    return acks.leave(pool, instance).transform(ar -> subscriber.close());
  }

  private Future<Void> beat() {
    long started = System.nanoTime();
    return acks.beat(pool, instance)
        .onSuccess(v -> lastBeatNanos = started)
        .compose(v -> acks.prune(pool, ttlMs))
        .onFailure(e -> LOG.log(Level.WARNING, "consent change feed: beat failed: " + e.getMessage()));
  }

  private void received(String payload) {
    ConsentChange change;
    try {
      JsonObject json = new JsonObject(payload);
      change = new ConsentChange(json.getLong("c"), json.getString("s"), json.getString("i"),
          json.getString("t"), json.getBoolean("v"));
    } catch (RuntimeException e) {
      // not ours: drop everything rather than keep what might be stale
      dropAll.run();
      return;
    }
    listeners.forEach(l -> {
      try {
        l.accept(change);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "consent change listener failed", e);
      }
    });
    acks.ack(pool, change.changeId(), instance)
        .onFailure(e -> LOG.log(Level.WARNING, "consent change feed: ack failed: " + e.getMessage()));
  }
}
