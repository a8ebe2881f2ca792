package io.twinguard.audit.anchor;

import io.twinguard.audit.anchor.internal.AnchorStore;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.SqlConnection;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anchors the audit log's newest signed checkpoint on Fabric in the background, every {@link
 * AnchoringOptions#everyRecords()} records or every {@link AnchoringOptions#every()}, whichever
 * comes first, and records each anchor's transaction id and block number beside the checkpoint
 * (table {@code log_anchor}).
 *
 * <p>Guarantees: appends never wait on anchoring (the service only reads the newest checkpoint, on
 * a database connection of its own); Fabric calls run on a single worker thread of the service's
 * own, never on an event loop; at most one anchor is in flight. A failed attempt is retried with
 * exponential backoff; after a failure that may have committed, or a refusal, the ledger's latest
 * anchor is read before anything is sent again, and a ledger anchor at least as large as the
 * checkpoint counts as done. The log is registered (idempotently) with its origin as log id and
 * its key before the first anchor. One service anchors a log at a time: {@link #start} takes a
 * PostgreSQL advisory lock per origin, held until {@link #stop}. After a restart anchoring resumes
 * from the largest stored anchor, compared with the ledger's.
 */
public final class AnchoringService {

  private static final Logger LOG = Logger.getLogger(AnchoringService.class.getName());

  private final Vertx vertx;
  private final AuditLog log;
  private final FabricAnchorClient client;
  private final AnchoringOptions options;
  private final SqlConnection connection;
  private final AnchorStore store;
  private final WorkerExecutor worker;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final long timer;

  private volatile boolean stopped;
  private volatile Future<Void> inFlight = Future.succeededFuture();
  private volatile long anchoredSize;
  private volatile long lastAnchorNanos;
  private volatile long nextAttemptNanos;
  private volatile Duration backoff;
  private volatile long failures;
  private volatile Optional<String> lastFailure = Optional.empty();
  // touched only on the service's single worker thread
  private boolean registered;
  private boolean checkLedgerFirst = true;

  private AnchoringService(
      Vertx vertx, AuditLog log, FabricAnchorClient client, AnchoringOptions options,
      SqlConnection connection, AnchorStore store, long anchoredSize) {
    this.vertx = vertx;
    this.log = log;
    this.client = client;
    this.options = options;
    this.connection = connection;
    this.store = store;
    this.anchoredSize = anchoredSize;
    this.lastAnchorNanos = System.nanoTime() - options.every().toNanos();
    this.backoff = options.minBackoff();
    long maxCall = Math.max(options.maxBackoff().toMillis(), 60_000);
    this.worker = vertx.createSharedWorkerExecutor(
        "twinguard-anchoring-" + log.origin(), 1, maxCall, TimeUnit.MILLISECONDS);
    long poll = Math.max(10, Math.min(options.every().toMillis(), 100));
    this.timer = vertx.setPeriodic(poll, id -> tick());
  }

  /**
   * Starts anchoring the log: takes the log's anchoring lock and reads the largest stored anchor.
   * The future does not wait for Fabric: an unreachable network shows in {@link #status()}.
   *
   * @param client shared with the caller, who closes it after {@link #stop()}
   * @return the running service; failed with {@link IllegalStateException} when another service
   *     anchors the same log
   */
  public static Future<AnchoringService> start(
      Vertx vertx, AuditLog log, FabricAnchorClient client, AnchoringOptions options) {
    return log.pool().getConnection().compose(connection -> {
      AnchorStore store = new AnchorStore(connection);
      return store.tryLock(log.origin())
          .compose(locked -> locked
              ? store.latest()
              : Future.failedFuture(new IllegalStateException(
                  "another process anchors the log " + log.origin())))
          .map(latest -> new AnchoringService(
              vertx, log, client, options, connection, store,
              latest.map(StoredAnchor::treeSize).orElse(0L)))
          .recover(e -> connection.close().transform(ignored -> Future.failedFuture(e)));
    });
  }

  /** What the service has anchored so far and why its latest attempt failed, if it did. */
  public AnchoringStatus status() {
    return new AnchoringStatus(anchoredSize, failures, lastFailure);
  }

  /**
   * Stops anchoring: waits for an anchor in flight (at most the client's deadline per call), then
   * releases the lock and the connection. Does not close the client.
   */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return inFlight
        .transform(ignored -> store.unlock(log.origin()))
        .transform(ignored -> connection.close())
        .transform(ignored -> worker.close());
  }

  private void tick() {
    if (stopped || System.nanoTime() < nextAttemptNanos || !busy.compareAndSet(false, true)) {
      return;
    }
    Future<Void> attempt = attempt();
    inFlight = attempt;
    attempt.onComplete(ar -> {
      if (ar.failed()) {
        failed(ar.cause());
      }
      busy.set(false);
    });
  }

  private Future<Void> attempt() {
    return store.latestCheckpoint().compose(latest -> {
      if (latest.isEmpty() || !due(latest.get())) {
        return Future.succeededFuture();
      }
      SignedCheckpoint checkpoint = latest.get();
      return worker.executeBlocking(() -> anchorBlocking(checkpoint), false)
          .compose(anchor -> store.save(anchor).map(anchor))
          .map(anchor -> {
            anchoredSize = Math.max(anchoredSize, anchor.treeSize());
            lastAnchorNanos = System.nanoTime();
            backoff = options.minBackoff();
            if (lastFailure.isPresent()) {
              LOG.info(() -> "anchoring of " + log.origin() + " recovered at tree size " + anchor.treeSize());
            }
            lastFailure = Optional.empty();
            return null;
          });
    });
  }

  private boolean due(SignedCheckpoint checkpoint) {
    long pending = checkpoint.size() - anchoredSize;
    return pending > 0
        && (pending >= options.everyRecords()
            || System.nanoTime() - lastAnchorNanos >= options.every().toNanos());
  }

  private void failed(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (lastFailure.isEmpty()) {
      LOG.log(Level.WARNING, "anchoring of {0} failed, retrying with backoff: {1}",
          new Object[] {log.origin(), message});
    }
    failures++;
    lastFailure = Optional.of(message);
    nextAttemptNanos = System.nanoTime() + backoff.toNanos();
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : doubled;
  }

  /** One blocking anchoring step, on the service's worker thread. */
  private StoredAnchor anchorBlocking(SignedCheckpoint checkpoint) throws AnchorException {
    if (!registered) {
      RegisteredLog registration = client.registerLog(log.origin(), log.verifierKey());
      registered = true;
      checkLedgerFirst = checkLedgerFirst || registration.lastTreeSize() >= 0;
    }
    if (checkLedgerFirst) {
      Optional<Anchor> covering = ledgerAnchorCovering(checkpoint);
      if (covering.isPresent()) {
        return found(covering.get());
      }
      checkLedgerFirst = false;
    }
    try {
      AnchorReceipt receipt = client.anchor(log.origin(), checkpoint.note());
      return new StoredAnchor(checkpoint.size(), receipt.txId(), OptionalLong.of(receipt.blockNumber()));
    } catch (AnchorException e) {
      switch (e.reason()) {
        case REFUSED -> {
          // "not larger than the last anchored size": an equal or newer checkpoint is anchored
          Optional<Anchor> covering = ledgerAnchorCovering(checkpoint);
          if (covering.isPresent()) {
            return found(covering.get());
          }
        }
        case UNAVAILABLE -> checkLedgerFirst = true;
        case NOT_COMMITTED -> {
          // invalidated, so certainly not anchored: send again
        }
      }
      throw e;
    }
  }

  /**
   * The ledger's latest anchor if it covers the checkpoint. An anchor of the same size with
   * another root means the local log forked from what Fabric holds: that is not retried away.
   */
  private Optional<Anchor> ledgerAnchorCovering(SignedCheckpoint checkpoint) throws AnchorException {
    Anchor latest;
    try {
      latest = client.getAnchor(log.origin());
    } catch (AnchorException e) {
      if (e.reason() == AnchorException.Reason.REFUSED) {
        return Optional.empty(); // no anchor yet
      }
      throw e;
    }
    if (latest.treeSize() == checkpoint.size()
        && !MessageDigest.isEqual(latest.rootHash(), checkpoint.checkpoint().rootHash())) {
      throw new IllegalStateException("Fabric holds another checkpoint of tree size " + latest.treeSize()
          + " (transaction " + latest.txId() + "): the local log has forked; run twinguard audit verify --fabric");
    }
    return latest.treeSize() >= checkpoint.size() ? Optional.of(latest) : Optional.empty();
  }

  private static StoredAnchor found(Anchor anchor) {
    return new StoredAnchor(anchor.treeSize(), anchor.txId(), OptionalLong.empty());
  }
}
