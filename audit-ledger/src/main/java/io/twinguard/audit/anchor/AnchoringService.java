package io.twinguard.audit.anchor;

import io.twinguard.audit.anchor.internal.AnchorStore;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.log.Subscription;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anchors the audit log's newest signed checkpoint on Fabric in the background, every {@link
 * AnchoringOptions#everyRecords()} records or every {@link AnchoringOptions#every()}, whichever
 * comes first, and records each anchor's transaction id and block number beside the checkpoint
 * (table {@code log_anchor}).
 *
 * <p>The service learns of new checkpoints from the log itself ({@link AuditLog#onCheckpoint}),
 * after reading the newest stored one once at start; it never polls the database. So it anchors
 * what this process's log commits (one process appends to a log at a time), and wakes only for a
 * new checkpoint, the {@code every} deadline or the end of a backoff.
 *
 * <p>Guarantees: appends never wait on anchoring; Fabric calls run on a single worker thread of the
 * service's own, never on an event loop; at most one anchor is in flight. A failed attempt is
 * retried with exponential backoff. The ledger's latest anchor is read at the first attempt and
 * again after any failure that may have committed ({@code UNAVAILABLE}) or a refusal; a ledger
 * anchor at least as large as the checkpoint counts as done (stored without a block number). A
 * checkpoint that the stored tree cannot prove consistent (RFC 9162) with the ledger's latest
 * anchor is never anchored: the service then fails every attempt with a message naming the fork.
 * The log is registered (idempotently) with its origin as log id and its key before the first
 * anchor. One service anchors a log at a time: {@link #start} takes a PostgreSQL advisory lock per
 * origin, held until {@link #stop}. After a restart anchoring resumes from the largest stored
 * anchor, compared with the ledger's.
 */
public final class AnchoringService {

  private static final Logger LOG = Logger.getLogger(AnchoringService.class.getName());

  private final Vertx vertx;
  private final AuditLog log;
  private final AnchoringOptions options;
  private final SqlConnection connection;
  private final AnchorStore store;
  private final WorkerExecutor worker;
  private final LedgerAnchorer anchorer;
  private final Context context;

  // read by status() from any thread
  private volatile long anchoredSize;
  private volatile long failures;
  private volatile Optional<String> lastFailure = Optional.empty();
  // confined to the service's context
  private Subscription subscription = () -> { };
  private Optional<SignedCheckpoint> latest = Optional.empty();
  private boolean stopped;
  private boolean busy;
  private Future<Void> inFlight = Future.succeededFuture();
  private long timer = -1;
  private long lastAnchorNanos;
  private long nextAttemptNanos;
  private Duration backoff;

  private AnchoringService(Vertx vertx, AuditLog log, FabricAnchorClient client, AnchoringOptions options,
      SqlConnection connection, AnchorStore store, long anchoredSize) {
    this.vertx = vertx;
    this.log = log;
    this.options = options;
    this.connection = connection;
    this.store = store;
    this.anchoredSize = anchoredSize;
    this.lastAnchorNanos = System.nanoTime() - options.every().toNanos();
    this.backoff = options.minBackoff();
    long maxCall = Math.max(options.maxBackoff().toMillis(), 60_000);
    this.worker = vertx.createSharedWorkerExecutor(
        "twinguard-anchoring-" + log.origin(), 1, maxCall, TimeUnit.MILLISECONDS);
    this.anchorer = new LedgerAnchorer(log, client, worker);
    this.context = vertx.getOrCreateContext();
  }

  /**
   * Starts anchoring the log: takes the log's anchoring lock, reads the largest stored anchor,
   * listens to the log's checkpoints and reads its newest one. The future does not wait for
   * Fabric: an unreachable network shows in {@link #status()}.
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
          .recover(e -> connection.close().transform(ignored -> Future.failedFuture(e)))
          .compose(stored -> {
            AnchoringService service = new AnchoringService(
                vertx, log, client, options, connection, store, stored.map(StoredAnchor::treeSize).orElse(0L));
            return service.listen().recover(e -> service.stop().transform(ignored -> Future.failedFuture(e)));
          });
    });
  }

  /** Subscribes on the service's context, then offers the newest stored checkpoint. */
  private Future<AnchoringService> listen() {
    Promise<Void> subscribed = Promise.promise();
    context.runOnContext(v -> {
      subscription = log.onCheckpoint(this::offer);
      subscribed.complete();
    });
    return subscribed.future()
        .compose(v -> log.latestCheckpoint())
        .map(stored -> {
          stored.ifPresent(checkpoint -> context.runOnContext(v -> offer(checkpoint)));
          return this;
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
    // on the service's context, so no attempt starts after the one awaited here
    context.runOnContext(v -> {
      stopped = true;
      subscription.cancel();
      vertx.cancelTimer(timer);
      inFlight
          .transform(ignored -> store.unlock(log.origin()))
          .transform(ignored -> connection.close())
          .transform(ignored -> worker.close())
          .onComplete(stoppedPromise);
    });
    return stoppedPromise.future();
  }

  /** A checkpoint of the log, newly committed or read at start; on the service's context. */
  private void offer(SignedCheckpoint checkpoint) {
    if (latest.isEmpty() || checkpoint.size() > latest.get().size()) {
      latest = Optional.of(checkpoint);
    }
    consider();
  }

  /** Anchors now if due, or sets the timer for when it will be; on the service's context. */
  private void consider() {
    if (stopped || busy || latest.isEmpty()) {
      return;
    }
    long pending = latest.get().size() - anchoredSize;
    if (pending <= 0) {
      return;
    }
    long now = System.nanoTime();
    long due = Math.max(nextAttemptNanos,
        pending >= options.everyRecords() ? now : lastAnchorNanos + options.every().toNanos());
    vertx.cancelTimer(timer);
    timer = -1;
    if (due - now > 0) {
      timer = vertx.setTimer((due - now + 999_999) / 1_000_000, id -> {
        timer = -1;
        consider();
      });
      return;
    }
    busy = true;
    SignedCheckpoint checkpoint = latest.get();
    Promise<Void> attempt = Promise.promise();
    inFlight = attempt.future();
    anchorer.anchor(checkpoint)
        .compose(outcome -> store.save(outcome.stored()).map(outcome))
        .onComplete(ar -> context.runOnContext(v -> {
          finished(ar);
          attempt.complete();
          busy = false;
          consider();
        }));
  }

  private void finished(AsyncResult<LedgerAnchorer.Outcome> ar) {
    if (ar.failed()) {
      failed(ar.cause());
      return;
    }
    long size = ar.result().anchor().treeSize();
    anchoredSize = Math.max(anchoredSize, size);
    lastAnchorNanos = System.nanoTime();
    backoff = options.minBackoff();
    if (lastFailure.isPresent()) {
      LOG.info(() -> "anchoring of " + log.origin() + " recovered at tree size " + size);
    }
    lastFailure = Optional.empty();
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
}
