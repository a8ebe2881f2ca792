package io.twinguard.broker.admin;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The registry and mode of a standalone broker: changes run one after the other in this process. */
final class LocalEcosystem implements EcosystemState {

  private final AtomicReference<Snapshot> current;
  private Future<?> lastChange = Future.succeededFuture();

  LocalEcosystem(Snapshot initial) {
    this.current = new AtomicReference<>(initial);
  }

  @Override
  public Snapshot current() {
    return current.get();
  }

  @Override
  public synchronized <T> Future<T> change(Supplier<Future<T>> record, UnaryOperator<Snapshot> update) {
    Future<T> next = lastChange.transform(previous -> record.get().onSuccess(result -> current.updateAndGet(update)));
    lastChange = next;
    return next;
  }

  @Override
  public void force(Snapshot next) {
    current.set(next);
  }
}
