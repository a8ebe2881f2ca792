package io.twinguard.audit.bench;

import io.twinguard.audit.record.AuditRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Appends at a fixed rate from one Vert.x context, whatever the sink's latency (an open loop): every
 * millisecond it issues the appends that the time since the start calls for, so a late tick catches
 * up rather than shifting the schedule.
 */
final class PacedLoad implements Driver {

  private final Vertx vertx;
  private final AuditRecord[] records;
  private final Function<AuditRecord, Future<?>> sink;
  private final double perNano;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private long issued;
  private long startedNanos;
  private volatile long timer = -1;

  PacedLoad(Vertx vertx, AuditRecord[] records, Function<AuditRecord, Future<?>> sink, double perSecond) {
    this.vertx = vertx;
    this.records = records.clone();
    this.sink = sink;
    this.perNano = perSecond / 1e9;
  }

  /** Starts issuing on {@code context}. */
  void start(Context context) {
    context.runOnContext(v -> {
      startedNanos = System.nanoTime();
      timer = vertx.setPeriodic(1, id -> tick());
    });
  }

  private void tick() {
    long due = (long) ((System.nanoTime() - startedNanos) * perNano);
    while (issued < due) {
      AuditRecord record = records[(int) (issued++ % records.length)];
      sink.apply(record).onComplete(ar -> {
        if (ar.failed()) {
          failure.compareAndSet(null, ar.cause());
        }
        completed.incrementAndGet();
      });
    }
  }

  @Override
  public long completed() {
    return completed.get();
  }

  @Override
  public void check() {
    Throwable failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("an append failed", failed);
    }
  }

  @Override
  public void stop() {
    vertx.cancelTimer(timer);
  }
}
