package io.twinguard.audit.log.internal;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items wait in a queue and are flushed in batches, after tessera's {@code storage/internal/queue.go}.
 * A batch is flushed when no flush is in flight (so an item that arrives after a quiet spell never
 * waits), or, while fewer than {@code maxInFlight} flushes are in flight, when it holds {@code
 * maxSize} items or its oldest item is {@code maxAge} old. Items that queue while the most flushes
 * are in flight go as soon as one completes. Batches start in the order of their items.
 *
 * <p>Guarantees: each item is in exactly one batch; its future completes after its batch's flush
 * does, with the flush's result for that item, or fails with the flush's failure (an {@link
 * IllegalStateException} when the flush answers with another number of results than items).
 * Batches are delivered in order: a batch's futures are completed only after every earlier batch
 * has been delivered, however the flushes in flight complete, and a batch counts as in flight until
 * it is delivered. An item added on a Vert.x context has its future completed on that context (one
 * task per context and batch, so on one context the futures complete in item order); an item added
 * elsewhere has it completed on the thread that completes the flush. Items may be added from any
 * thread. The flush is called one batch at a time, in batch order, without a lock held, on the
 * thread that added an item, delivered a batch or ran the timer; each call happens after the
 * previous one returned.
 *
 * @param <T> an item
 * @param <R> the result of a flush for one item
 */
public final class BatchingQueue<T, R> {

  /** Writes one batch. */
  @FunctionalInterface
  public interface Flush<T, R> {
    /** @return one result per item, in the batch's order */
    Future<List<R>> apply(List<T> batch);
  }

  /** A monotonic clock and a one-shot timer; {@link #vertx(Vertx)} for production. */
  public interface Timer {
    /** Nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} once, on any thread, no sooner than {@code delayNanos} from now. */
    void schedule(long delayNanos, Runnable task);

    /** {@link System#nanoTime()} and Vert.x timers (millisecond resolution, rounded up). */
    static Timer vertx(Vertx vertx) {
      return new Timer() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void schedule(long delayNanos, Runnable task) {
          vertx.setTimer(Math.max(1, (delayNanos + 999_999) / 1_000_000), id -> task.run());
        }
      };
    }
  }

  private record Entry<T, R>(T item, long queuedNanos, Context context, Promise<R> promise) {}

  private final int maxSize;
  private final long maxAgeNanos;
  private final int maxInFlight;
  private final Timer timer;
  private final Flush<T, R> flush;

  // guarded by this
  private final ArrayDeque<Entry<T, R>> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean draining;
  private boolean timerArmed;
  private Future<Void> lastDelivered = Future.succeededFuture();

  /**
   * @param maxSize the most items in one batch, 1 or more
   * @param maxAge how long an item may wait while other flushes are in flight, not negative
   * @param maxInFlight how many flushes may be in flight at once, 1 or more
   * @throws IllegalArgumentException when a bound is out of range
   */
  public BatchingQueue(int maxSize, Duration maxAge, int maxInFlight, Timer timer, Flush<T, R> flush) {
    if (maxSize < 1 || maxInFlight < 1 || maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("a batching queue needs max size and max in flight >= 1 and max age >= 0");
    }
    this.maxSize = maxSize;
    this.maxAgeNanos = maxAge.toNanos();
    this.maxInFlight = maxInFlight;
    this.timer = timer;
    this.flush = flush;
  }

  /** Queues an item; the future completes with its result once its batch is flushed. */
  public Future<R> add(T item) {
    Promise<R> promise = Promise.promise();
    synchronized (this) {
      queue.add(new Entry<>(item, timer.nanoTime(), Vertx.currentContext(), promise));
    }
    drain();
    return promise.future();
  }

  /**
   * Starts every batch that is due. One thread drains at a time; another that finds it draining
   * leaves its change to it, which also keeps a flush that completes at once from recursing.
   */
  private void drain() {
    synchronized (this) {
      if (draining) {
        return;
      }
      draining = true;
    }
    while (true) {
      List<Entry<T, R>> batch;
      Future<Void> previous;
      Promise<Void> delivered = Promise.promise();
      synchronized (this) {
        batch = dueBatch();
        if (batch == null) {
          draining = false;
          armTimer();
          return;
        }
        inFlight++;
        previous = lastDelivered;
        lastDelivered = delivered.future();
      }
      start(batch, previous, delivered);
    }
  }

  /** The next batch, if one is due; the caller holds the lock. */
  private List<Entry<T, R>> dueBatch() {
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return null;
    }
    boolean due = inFlight == 0
        || queue.size() >= maxSize
        || timer.nanoTime() - queue.peek().queuedNanos() >= maxAgeNanos;
    if (!due) {
      return null;
    }
    List<Entry<T, R>> batch = new ArrayList<>(Math.min(queue.size(), maxSize));
    while (!queue.isEmpty() && batch.size() < maxSize) {
      batch.add(queue.poll());
    }
    return batch;
  }

  /**
   * Wakes the queue when its oldest item comes of age, if only age can start its batch; the caller
   * holds the lock. One timer at a time: one that fires early just arms the next.
   */
  private void armTimer() {
    if (queue.isEmpty() || inFlight >= maxInFlight || timerArmed) {
      return;
    }
    timerArmed = true;
    long wait = Math.max(0, queue.peek().queuedNanos() + maxAgeNanos - timer.nanoTime());
    timer.schedule(wait, () -> {
      synchronized (this) {
        timerArmed = false;
      }
      drain();
    });
  }

  /**
   * Flushes a batch and delivers it once the batch before it is delivered. A chain of batches whose
   * flushes completed early is delivered in one go when the first of them completes: at most the
   * number of batches in flight deep.
   */
  private void start(List<Entry<T, R>> batch, Future<Void> previous, Promise<Void> delivered) {
    List<T> items = new ArrayList<>(batch.size());
    batch.forEach(entry -> items.add(entry.item()));
    Future<List<R>> flushed;
    try {
      flushed = flush.apply(items);
    } catch (RuntimeException e) {
      flushed = Future.failedFuture(e);
    }
    flushed.onComplete(ar -> previous.onComplete(ignored -> {
      deliver(batch, ar);
      synchronized (this) {
        inFlight--;
      }
      delivered.complete();
      drain();
    }));
  }

  /** Completes each item's future with its outcome, on the context that added it. */
  private void deliver(List<Entry<T, R>> batch, AsyncResult<List<R>> ar) {
    Throwable failure = ar.failed() ? ar.cause() : null;
    if (failure == null && (ar.result() == null || ar.result().size() != batch.size())) {
      failure = new IllegalStateException("a flush of " + batch.size() + " items answered "
          + (ar.result() == null ? "nothing" : ar.result().size() + " results"));
    }
    List<R> results = failure == null ? ar.result() : null;
    Throwable cause = failure;
    // a broker's requests each run on a context of their own (duplicated from an event loop's), so
    // a batch may hold as many contexts as items: look them up by identity, not by a linear search
    Map<Context, List<Runnable>> byContext = new IdentityHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      Entry<T, R> entry = batch.get(i);
      R result = results == null ? null : results.get(i);
      Runnable complete = () -> {
        if (cause == null) {
          entry.promise().complete(result);
        } else {
          entry.promise().fail(cause);
        }
      };
      if (entry.context() == null) {
        complete.run();
      } else {
        byContext.computeIfAbsent(entry.context(), c -> new ArrayList<>()).add(complete);
      }
    }
    // always a task, even on the same context: a task of an earlier batch may still be queued there
    byContext.forEach((context, tasks) -> context.runOnContext(v -> tasks.forEach(Runnable::run)));
  }
}
