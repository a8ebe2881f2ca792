package io.twinguard.audit.bench;

import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Steady load on a sink of records: keeps {@code window} appends outstanding from start to stop,
 * issuing the next one from the callback of each completed one (as a broker's event loop does), so
 * that the pipeline never drains between JMH invocations. The benchmark thread only counts
 * acknowledgements.
 */
final class AppendPump {

  /** Acknowledgements per JMH invocation. */
  static final int CHUNK = 64;

  private final AuditRecord[] records;
  private final Function<AuditRecord, Future<?>> sink;
  private final Semaphore acks = new Semaphore(0);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong issued = new AtomicLong();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicLong completed = new AtomicLong();
  private volatile boolean stopping;

  AppendPump(AuditRecord[] records, Function<AuditRecord, Future<?>> sink) {
    this.records = records.clone();
    this.sink = sink;
  }

  /** Issues the first {@code window} appends from {@code context}. */
  void start(Context context, int window) {
    context.runOnContext(v -> {
      for (int i = 0; i < window; i++) {
        issue();
      }
    });
  }

  private void issue() {
    if (stopping) {
      return;
    }
    outstanding.incrementAndGet();
    AuditRecord record = records[(int) (issued.getAndIncrement() % records.length)];
    sink.apply(record).onComplete(ar -> {
      if (ar.failed()) {
        failure.compareAndSet(null, ar.cause());
      }
      outstanding.decrementAndGet();
      completed.incrementAndGet();
      acks.release();
      issue();
    });
  }

  /** Appends completed so far. */
  long completed() {
    return completed.get();
  }

  /** Waits at most two minutes for {@code count} more acknowledgements; throws on the first failed append. */
  void await(int count) throws InterruptedException {
    Duration bound = Duration.ofMinutes(2);
    if (!acks.tryAcquire(count, bound.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(count + " acknowledgements did not come within " + bound);
    }
    check();
  }

  /** Throws if an append failed. */
  void check() {
    Throwable failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("an append failed", failed);
    }
  }

  /** Stops issuing and waits until every outstanding append has completed. */
  void stop() throws InterruptedException {
    stopping = true;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (outstanding.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(outstanding.get() + " appends did not complete");
      }
      acks.tryAcquire(1, 100, TimeUnit.MILLISECONDS);
    }
  }
}
