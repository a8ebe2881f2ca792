package io.twinguard.audit.log.internal;

import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerificationException;
import io.twinguard.signing.note.NoteVerifier;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A shared writer's view of integration: it learns every new checkpoint at once from the
 * integrator's notification ({@link EntryStore#SIZE_CHANNEL}, the signed note, checked with the
 * log's key; a note that does not verify is ignored) and completes the waits for its accepted
 * entries that the checkpoint covers, looking their indices up by entry id ({@link
 * EntryStore#SELECT_INTEGRATED}, one query for every wait, one query at a time). When the
 * subscription (re)connects, notifications may have been missed, so it reads the newest checkpoint.
 * Each notification also names the highest entry id integrated so far: a wait for an entry at or
 * below it (integrated before the wait began, perhaps after the lookup of its checkpoint) looks up
 * at once, any other waits for the next checkpoint, so that waits under load do not each cost a
 * query.
 *
 * <p>Guarantees: a wait completes with the entry's index and a checkpoint that covers it, on the
 * context it was asked from, or fails after {@code timeout} (the entry stays durable and is
 * integrated later) or when the watch closes.
 */
final class IntegrationWatch {

  private static final Logger LOG = Logger.getLogger(IntegrationWatch.class.getName());

  private record Wait(Promise<Appended> promise, Context context, long deadlineNanos) {}

  private final Vertx vertx;
  private final LongConsumer integratedUpTo;
  private final Consumer<SignedCheckpoint> advanced;
  private final Pool pool;
  private final LogStore store;
  private final NoteVerifierKey key;
  private final String origin;
  private final long timeoutNanos;
  private final PgSubscriber subscriber;
  private final Map<Long, Wait> waits = new ConcurrentHashMap<>();
  private final long sweeper;
  private volatile Optional<SignedCheckpoint> latest = Optional.empty();

  // guarded by this: one lookup at a time, another after it when something arrived meanwhile
  private boolean looking;
  private boolean dirty;
  private long highestIntegrated;

  /**
   * @param reconnect how long to wait before reconnecting the subscription
   * @param integratedUpTo told the highest entry id integrated, with every checkpoint learned
   * @param advanced told of each checkpoint larger than any learned before, in increasing size
   */
  IntegrationWatch(Vertx vertx, Pool pool, PgConnectOptions options, NoteVerifierKey key, String origin,
      Duration timeout, Duration reconnect, LongConsumer integratedUpTo, Consumer<SignedCheckpoint> advanced) {
    this.vertx = vertx;
    this.integratedUpTo = integratedUpTo;
    this.advanced = advanced;
    this.pool = pool;
    this.store = new LogStore(pool);
    this.key = key;
    this.origin = origin;
    this.timeoutNanos = timeout.toNanos();
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(retries -> Math.max(1, reconnect.toMillis()));
    subscriber.channel(EntryStore.SIZE_CHANNEL)
        .subscribeHandler(v -> reread()
            .onFailure(e -> LOG.log(Level.FINE, "could not read the newest checkpoint: " + e.getMessage())))
        .handler(this::notified);
    this.sweeper = vertx.setPeriodic(Math.max(1, timeout.toMillis() / 4), id -> sweep());
  }

  /** Connects the subscription and reads the newest checkpoint. */
  Future<Void> start() {
    return subscriber.connect().compose(v -> reread());
  }

  /** The newest checkpoint known here. */
  Optional<SignedCheckpoint> latest() {
    return latest;
  }

  /** Waits until the entry is integrated. */
  Future<Appended> await(long entryId) {
    Promise<Appended> promise = Promise.promise();
    waits.put(entryId, new Wait(promise, vertx.getOrCreateContext(), System.nanoTime() + timeoutNanos));
    boolean integratedAlready;
    synchronized (this) {
      integratedAlready = entryId <= highestIntegrated;
    }
    if (integratedAlready) {
      lookUp();
    }
    return promise.future();
  }

  /**
   * A checkpoint the log committed (this process's integrator's, or another's through the
   * notification), and the highest entry id integrated up to it.
   */
  void learned(SignedCheckpoint checkpoint, long highestEntry) {
    integratedUpTo.accept(highestEntry);
    synchronized (this) {
      highestIntegrated = Math.max(highestIntegrated, highestEntry);
      if (latest.isPresent() && latest.get().size() >= checkpoint.size()) {
        return;
      }
      latest = Optional.of(checkpoint);
      // under the lock, so that listeners see sizes in increasing order
      advanced.accept(checkpoint);
    }
    lookUp();
  }

  /** Fails every wait and disconnects. */
  Future<Void> close() {
    vertx.cancelTimer(sweeper);
    waits.keySet().forEach(id -> fail(id, "the audit log is closed"));
    return subscriber.close();
  }

  /** {@code highest-entry-id SP signed-note}, as {@link EntryStore#INTEGRATE} sends it. */
  private void notified(String payload) {
    try {
      int space = payload.indexOf(' ');
      long highest = Long.parseLong(payload.substring(0, Math.max(0, space)));
      String note = payload.substring(space + 1);
      String body = NoteVerifier.open(note, List.of(key)).text();
      Checkpoint checkpoint = Checkpoint.parse(body);
      if (!checkpoint.origin().equals(origin)) {
        throw new IllegalArgumentException("origin " + checkpoint.origin());
      }
      learned(new SignedCheckpoint(checkpoint, note), highest);
    } catch (NoteVerificationException | IllegalArgumentException e) {
      LOG.log(Level.WARNING, "ignored a checkpoint notification that does not verify: " + e.getMessage());
    }
  }

  /** What the log holds now: notifications may have been missed while the subscription was down. */
  private Future<Void> reread() {
    return pool.query(EntryStore.SELECT_HIGHEST_INTEGRATED).execute()
        .map(rows -> Optional.ofNullable(rows.iterator().next().getLong("highest")).orElse(0L))
        .compose(highest -> store.latestCheckpoint().map(checkpoint -> {
          checkpoint.ifPresent(c -> learned(c, highest));
          return null;
        }));
  }

  private void lookUp() {
    synchronized (this) {
      if (looking) {
        dirty = true;
        return;
      }
      if (waits.isEmpty() || latest.isEmpty()) {
        return;
      }
      looking = true;
      dirty = false;
    }
    SignedCheckpoint checkpoint = latest.get();
    Long[] ids = waits.keySet().toArray(Long[]::new);
    pool.preparedQuery(EntryStore.SELECT_INTEGRATED)
        .execute(Tuple.of(ids, checkpoint.size()))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            for (Row row : ar.result()) {
              complete(row.getLong("entry_id"), new Appended(row.getLong("idx"), checkpoint));
            }
          } else {
            LOG.log(Level.FINE, "could not look up integrated entries: " + ar.cause().getMessage());
          }
          boolean more;
          synchronized (this) {
            looking = false;
            more = dirty;
          }
          if (more) {
            lookUp();
          }
        });
  }

  private void complete(long entryId, Appended appended) {
    Wait wait = waits.remove(entryId);
    if (wait != null) {
      wait.context().runOnContext(v -> wait.promise().tryComplete(appended));
    }
  }

  private void fail(long entryId, String why) {
    Wait wait = waits.remove(entryId);
    if (wait != null) {
      wait.context().runOnContext(v -> wait.promise().tryFail(new IllegalStateException(why)));
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    waits.forEach((id, wait) -> {
      if (now - wait.deadlineNanos() > 0) {
        fail(id, "entry " + id + " was not integrated within " + timeoutNanos / 1_000_000
            + " ms; it is durable and will be integrated later");
      }
    });
  }
}
