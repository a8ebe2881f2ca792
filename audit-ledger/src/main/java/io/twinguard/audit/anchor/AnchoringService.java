package io.twinguard.audit.anchor;

import io.twinguard.audit.anchor.internal.AnchorLease;
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
 * <p>The service learns of new checkpoints from the log itself ({@link AuditLog#onCheckpoint}: with
 * shared writers every checkpoint of the log, whichever process integrated it), after reading the
 * newest stored one whenever it starts anchoring; it never polls the database. It wakes only for a
 * new checkpoint, the {@code every} deadline or the end of a backoff.
 *
 * <p>Guarantees: appends never wait on anchoring; Fabric calls run on a single worker thread of the
 * service's own, never on an event loop; at most one anchor is in flight. A failed attempt is
 * retried with exponential backoff. The ledger's latest anchor is read at the first attempt after
 * the service starts anchoring and again after any failure that may have committed ({@code
 * UNAVAILABLE}) or a refusal; a ledger anchor at least as large as the checkpoint counts as done
 * (stored without a block number). A checkpoint that the stored tree cannot prove consistent (RFC
 * 9162) with the ledger's latest anchor is never anchored: the service then fails every attempt with
 * a message naming the fork. The log is registered (idempotently) with its origin as log id and its
 * key before the first anchor.
 *
 * <p>One service anchors a log at a time: the holder of a PostgreSQL advisory lock per origin,
 * held on a connection of the service's own ({@code AnchorLease}). The others are standbys that try
 * the lock every {@link AnchoringOptions#every()}; when the holder stops, dies or loses its
 * connection (PostgreSQL restarted), the lock is released and the next try takes it. Anchoring then
 * resumes from the largest stored anchor and the ledger's, with the newest stored checkpoint, so
 * the checkpoints the previous holder left unanchored are covered by the next anchor.
 */
public final class AnchoringService {

  private static final Logger LOG = Logger.getLogger(AnchoringService.class.getName());

  private final Vertx vertx;
  private final AuditLog log;
  private final AnchoringOptions options;
  private final WorkerExecutor worker;
  private final LedgerAnchorer anchorer;
  private final Context context;
  private final AnchorLease lease;

  // read by status() from any thread
  private volatile long anchoredSize;
  private volatile long failures;
  private volatile Optional<String> lastFailure = Optional.empty();
  // confined to the service's context
  private Optional<AnchorStore> store = Optional.empty();
  private Subscription subscription = () -> { };
  private Optional<SignedCheckpoint> latest = Optional.empty();
  private boolean stopped;
  private boolean busy;
  private Future<Void> inFlight = Future.succeededFuture();
  private long timer = -1;
  private long lastAnchorNanos;
  private long nextAttemptNanos;
  private Duration backoff;

  private AnchoringService(Vertx vertx, AuditLog log, FabricAnchorClient client, AnchoringOptions options) {
    this.vertx = vertx;
    this.log = log;
    this.options = options;
    this.lastAnchorNanos = System.nanoTime() - options.every().toNanos();
    this.backoff = options.minBackoff();
    long maxCall = Math.max(options.maxBackoff().toMillis(), 60_000);
    this.worker = vertx.createSharedWorkerExecutor(
        "twinguard-anchoring-" + log.origin(), 1, maxCall, TimeUnit.MILLISECONDS);
    this.anchorer = new LedgerAnchorer(log, client, worker);
    this.context = vertx.getOrCreateContext();
    this.lease = new AnchorLease(vertx, context, log.connectOptions(), log.origin(), options.every(),
        this::gained, this::lost);
  }

  /**
   * Starts the service: listens to the log's checkpoints and tries the log's anchoring lock. When it
   * takes the lock it reads the largest stored anchor before the future completes, and anchors;
   * otherwise it is a standby ({@link AnchoringStatus#anchoring()} false)
   * that takes over when the holder goes. The future does not wait for Fabric: an unreachable
   * network shows in {@link #status()}.
   *
   * @param client shared with the caller, who closes it after {@link #stop()}
   * @return the running service; failed when the log's database cannot be reached
   */
  public static Future<AnchoringService> start(
      Vertx vertx, AuditLog log, FabricAnchorClient client, AnchoringOptions options) {
    AnchoringService service = new AnchoringService(vertx, log, client, options);
    return service.listen()
        .compose(v -> service.lease.start())
        .map(service)
        .recover(e -> service.stop().transform(ignored -> Future.failedFuture(e)));
  }

  /** Subscribes on the service's context. */
  private Future<Void> listen() {
    Promise<Void> subscribed = Promise.promise();
    context.runOnContext(v -> {
      subscription = log.onCheckpoint(this::offer);
      subscribed.complete();
    });
    return subscribed.future();
  }

  /**
   * The lock is ours (on the service's context): learn what is anchored already, the newest stored
   * checkpoint, and the ledger's latest anchor at the next attempt.
   */
  private Future<Void> gained(AnchorStore taken) {
    store = Optional.of(taken);
    anchorer.forgetLedger();
    Promise<Void> read = Promise.promise();
    taken.latest()
        .onSuccess(stored -> stored.ifPresent(anchor -> anchoredSize = Math.max(anchoredSize, anchor.treeSize())))
        .compose(v -> log.latestCheckpoint())
        .onComplete(ar -> context.runOnContext(v -> {
          if (ar.succeeded()) {
            ar.result().ifPresent(this::offer);
          } else {
            LOG.log(Level.WARNING, "anchoring of {0} could not read the stored anchors: {1}",
                new Object[] {log.origin(), ar.cause().getMessage()});
          }
          consider();
          read.complete();
        }));
    return read.future();
  }

  /** The lock's connection closed (on the service's context): a standby until the lease takes it again. */
  private void lost() {
    store = Optional.empty();
    vertx.cancelTimer(timer);
    timer = -1;
  }

  /** What the service has anchored so far, whether it anchors now and why its latest attempt failed. */
  public AnchoringStatus status() {
    return new AnchoringStatus(anchoredSize, failures, lastFailure, lease.holding());
  }

  /**
   * Stops anchoring: waits for an anchor in flight (at most the client's deadline per call), then
   * releases the lock and its connection. Does not close the client.
   */
  public Future<Void> stop() {
    Promise<Void> stoppedPromise = Promise.promise();
    // on the service's context, so no attempt starts after the one awaited here
    context.runOnContext(v -> {
      stopped = true;
      subscription.cancel();
      vertx.cancelTimer(timer);
      inFlight
          .transform(ignored -> lease.close())
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
    if (stopped || busy || latest.isEmpty() || store.isEmpty()) {
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
    AnchorStore holding = store.get();
    Promise<Void> attempt = Promise.promise();
    inFlight = attempt.future();
    anchorer.anchor(checkpoint)
        .compose(outcome -> holding.save(outcome.stored()).map(outcome))
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
