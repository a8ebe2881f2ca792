package io.twinguard.audit.log.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared writer's back-pressure: how many of the log's entries are accepted and not yet
 * integrated, estimated as the highest entry id this writer was given minus the highest id the
 * checkpoints it learned integrated (ids come from one sequence for all writers, so this counts
 * every writer's entries; ids a rolled-back insert used up count until a higher id is integrated, so
 * the estimate errs high), and a gate that holds a batch while the estimate is at the bound.
 *
 * <p>Guarantees: {@link #room} completes once the estimate is below the bound, at once when it is
 * already, else when a checkpoint brings it below; it fails with an {@link IllegalStateException}
 * at the deadline, or when the writer closes. Batches that passed the gate together may take the
 * backlog past the bound by what they hold. Thread-safe.
 */
final class Backlog {

  private final Vertx vertx;
  private final long max;

  // guarded by this
  private long accepted;
  private long integrated;
  private final List<Promise<Void>> held = new ArrayList<>();

  /** @param max the most entries accepted and not yet integrated before batches are held, 1 or more */
  Backlog(Vertx vertx, long max) {
    this.vertx = vertx;
    this.max = max;
  }

  /** The estimate now: entries accepted and not yet integrated, as far as this writer knows. */
  synchronized long size() {
    return Math.max(0, accepted - integrated);
  }

  /** Completes once the backlog is below the bound, or fails at {@code deadlineNanos} ({@link System#nanoTime()}). */
  Future<Void> room(long deadlineNanos) {
    Promise<Void> promise = Promise.promise();
    synchronized (this) {
      if (size() < max) {
        return Future.succeededFuture();
      }
      held.add(promise);
    }
    long delayMs = Math.max(1, (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000);
    long timer = vertx.setTimer(delayMs, id -> {
      long size;
      synchronized (this) {
        if (!held.remove(promise)) {
          return;
        }
        size = size();
      }
      promise.tryFail(new IllegalStateException("the audit log's backlog of " + size
          + " accepted entries did not fall below log.max_backlog " + max + " in time (the integrator is behind or"
          + " absent); the records were not accepted"));
    });
    return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  /** This writer was given entry ids up to {@code highestId}. */
  void accepted(long highestId) {
    synchronized (this) {
      accepted = Math.max(accepted, highestId);
    }
  }

  /** A checkpoint integrated entries up to {@code highestEntry}: held batches go on if there is room now. */
  void integrated(long highestEntry) {
    List<Promise<Void>> released;
    synchronized (this) {
      integrated = Math.max(integrated, highestEntry);
      if (size() >= max || held.isEmpty()) {
        return;
      }
      released = new ArrayList<>(held);
      held.clear();
    }
    released.forEach(Promise::tryComplete);
  }

  /** Fails every held batch. */
  void close() {
    List<Promise<Void>> failed;
    synchronized (this) {
      failed = new ArrayList<>(held);
      held.clear();
    }
    failed.forEach(p -> p.tryFail(new IllegalStateException("the audit log is closed")));
  }
}
