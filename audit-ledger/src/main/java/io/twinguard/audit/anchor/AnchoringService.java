package io.twinguard.audit.anchor;

import io.twinguard.audit.anchor.internal.AnchorStore;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * exponential backoff. The ledger's latest anchor is read at the first attempt and again after any
 * failure that may have committed ({@code UNAVAILABLE}) or a refusal; a ledger anchor at least as
 * large as the checkpoint counts as done (stored without a block number). A checkpoint that the
 * stored tree cannot prove consistent (RFC 9162) with the ledger's latest anchor is never
 * anchored: the service then fails every attempt with a message naming the fork. The log is
 * registered (idempotently) with its origin as log id and its key before the first anchor. One
 * service anchors a log at a time: {@link #start} takes a PostgreSQL advisory lock per origin, held
 * until {@link #stop}. After a restart anchoring resumes from the largest stored anchor, compared
 * with the ledger's.
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
  private final Context context;
  private final long timer;

  private volatile boolean stopped;
  private volatile Future<Void> inFlight = Future.succeededFuture();
  private volatile long anchoredSize;
  private volatile long lastAnchorNanos;
  private volatile long nextAttemptNanos;
  private volatile Duration backoff;
  private volatile long failures;
  private volatile Optional<String> lastFailure = Optional.empty();
  // the ledger's latest anchor as last seen; read again when ledgerKnown is false
  private volatile Optional<Anchor> lastAnchor = Optional.empty();
  private volatile boolean ledgerKnown;
  // touched only on the service's single worker thread
  private boolean registered;

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
    this.context = vertx.getOrCreateContext();
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
    Promise<Void> stoppedPromise = Promise.promise();
    // on the timer's context, so no attempt starts after the one awaited here
    context.runOnContext(v -> {
      stopped = true;
      vertx.cancelTimer(timer);
      inFlight
          .transform(ignored -> store.unlock(log.origin()))
          .transform(ignored -> connection.close())
          .transform(ignored -> worker.close())
          .onComplete(stoppedPromise);
    });
    return stoppedPromise.future();
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

  /**
   * One attempt: read the newest checkpoint; if due, learn the ledger's latest anchor (once, and
   * again after any failure that may have committed), refuse to anchor a checkpoint the stored
   * tree cannot prove consistent with it, anchor, and store the receipt.
   */
  private Future<Void> attempt() {
    return store.latestCheckpoint().compose(latest -> {
      if (latest.isEmpty() || !due(latest.get())) {
        return Future.succeededFuture();
      }
      SignedCheckpoint checkpoint = latest.get();
      Future<Optional<Anchor>> ledger = ledgerKnown
          ? Future.succeededFuture(lastAnchor)
          : worker.executeBlocking(this::readLedger, false);
      return ledger
          .compose(onLedger -> {
            Optional<Anchor> covering = covering(onLedger, checkpoint);
            if (covering.isPresent()) {
              return Future.succeededFuture(new Outcome(covering.get(), OptionalLong.empty()));
            }
            return extendsLedger(onLedger, checkpoint)
                .compose(v -> worker.executeBlocking(() -> anchorBlocking(checkpoint), false));
          })
          .compose(outcome -> store.save(outcome.stored()).map(outcome))
          .map(outcome -> {
            lastAnchor = Optional.of(outcome.anchor());
            ledgerKnown = true;
            anchoredSize = Math.max(anchoredSize, outcome.anchor().treeSize());
            lastAnchorNanos = System.nanoTime();
            backoff = options.minBackoff();
            if (lastFailure.isPresent()) {
              LOG.info(() -> "anchoring of " + log.origin() + " recovered at tree size "
                  + outcome.anchor().treeSize());
            }
            lastFailure = Optional.empty();
            return null;
          });
    });
  }

  /** An anchor and, when this process committed it, its block. */
  private record Outcome(Anchor anchor, OptionalLong blockNumber) {
    StoredAnchor stored() {
      return new StoredAnchor(anchor.treeSize(), anchor.txId(), blockNumber);
    }
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

  /** Registers the log (once per start) and reads its latest anchor; blocking, on the worker. */
  private Optional<Anchor> readLedger() throws AnchorException {
    if (!registered) {
      client.registerLog(log.origin(), log.verifierKey());
      registered = true;
    }
    try {
      return Optional.of(client.getAnchor(log.origin()));
    } catch (AnchorException e) {
      if (e.reason() == AnchorException.Reason.REFUSED) {
        return Optional.empty(); // registered, so refused means no anchor yet
      }
      throw e;
    }
  }

  /**
   * The ledger's anchor if it covers the checkpoint (the chaincode refuses a size not larger than
   * the last). One of the same size with another root means the local log forked: never anchored
   * over, so the service keeps failing with that message.
   */
  private static Optional<Anchor> covering(Optional<Anchor> onLedger, SignedCheckpoint checkpoint) {
    if (onLedger.isEmpty() || onLedger.get().treeSize() < checkpoint.size()) {
      return Optional.empty();
    }
    Anchor anchor = onLedger.get();
    if (anchor.treeSize() == checkpoint.size()
        && !MessageDigest.isEqual(anchor.rootHash(), checkpoint.checkpoint().rootHash())) {
      throw new IllegalStateException("Fabric holds another checkpoint of tree size " + anchor.treeSize()
          + " (transaction " + anchor.txId() + "): the local log has forked; run twinguard audit verify --fabric");
    }
    return onLedger;
  }

  /** Fails unless the stored tree proves the checkpoint consistent with the ledger's latest anchor. */
  private Future<Void> extendsLedger(Optional<Anchor> onLedger, SignedCheckpoint checkpoint) {
    if (onLedger.isEmpty()) {
      return Future.succeededFuture();
    }
    Anchor anchor = onLedger.get();
    return log.consistencyProof(anchor.treeSize(), checkpoint.size()).compose(proof -> {
      try {
        ProofVerifier.verifyConsistency(anchor.treeSize(), checkpoint.size(), proof,
            anchor.rootHash(), checkpoint.checkpoint().rootHash());
        return Future.succeededFuture();
      } catch (ProofException e) {
        return Future.failedFuture(new IllegalStateException("the local checkpoint of tree size "
            + checkpoint.size() + " does not extend the anchor of tree size " + anchor.treeSize()
            + " (transaction " + anchor.txId() + "): the local log has forked; run twinguard audit verify --fabric",
            e));
      }
    });
  }

  /** Anchors the checkpoint; blocking, on the worker. */
  private Outcome anchorBlocking(SignedCheckpoint checkpoint) throws AnchorException {
    try {
      AnchorReceipt receipt = client.anchor(log.origin(), checkpoint.note());
      return new Outcome(receipt.anchor(), OptionalLong.of(receipt.blockNumber()));
    } catch (AnchorException e) {
      switch (e.reason()) {
        // may have committed, or refused as "not larger": read the ledger before sending again
        case UNAVAILABLE, REFUSED -> ledgerKnown = false;
        // invalidated, so certainly not anchored: send again after the backoff
        case NOT_COMMITTED -> { }
      }
      throw e;
    }
  }
}
