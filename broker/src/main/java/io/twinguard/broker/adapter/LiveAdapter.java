package io.twinguard.broker.adapter;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A twin's adapter as the broker runs it. It counts the calls in flight, so that an adapter replaced
 * or removed by a registry change is closed once its last call ended, never in the middle of one;
 * its open event streams end then (with {@code Closed}, which the broker records). An adapter that
 * throws instead of failing its future fails the future all the same.
 */
final class LiveAdapter implements Adapter {

  private final Adapter adapter;
  private final String type;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean retired = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  LiveAdapter(Adapter adapter, String type) {
    this.adapter = adapter;
    this.type = type;
  }

  /** The adapter type, e.g. {@code rest-mapping}. */
  String type() {
    return type;
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    return counted(() -> adapter.call(call));
  }

  @Override
  public Future<EventStream> subscribe(BlockCall call) {
    return counted(() -> adapter.subscribe(call));
  }

  @Override
  public Future<Health> health() {
    return guarded(adapter::health).otherwise(failure -> Health.down("the health check failed"));
  }

  /** Closes the adapter as soon as no call is in flight (at once when none is). */
  void retire() {
    if (retired.compareAndSet(false, true) && inFlight.get() == 0) {
      close();
    }
  }

  @Override
  public Future<Void> close() {
    retired.set(true);
    return closed.compareAndSet(false, true) ? guarded(adapter::close).otherwiseEmpty() : Future.succeededFuture();
  }

  private <T> Future<T> counted(Supplier<Future<T>> work) {
    if (closed.get()) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.Closed()));
    }
    inFlight.incrementAndGet();
    return guarded(work).andThen(done -> {
      if (inFlight.decrementAndGet() == 0 && retired.get()) {
        close();
      }
    });
  }

  private static <T> Future<T> guarded(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
