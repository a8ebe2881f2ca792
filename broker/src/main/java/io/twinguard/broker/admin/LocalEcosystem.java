package io.twinguard.broker.admin;

import io.twinguard.broker.adapter.TwinAdapters;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

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
  public synchronized <T> Future<T> change(Function<Snapshot, Future<Snapshot>> next, Supplier<Future<T>> record) {
    Future<T> done = lastChange.transform(previous -> {
      Snapshot in = current.get();
      return next.apply(in).compose(out -> record.get()
          .onFailure(failure -> TwinAdapters.retireReplaced(out.catalog(), in.catalog()))
          .onSuccess(result -> {
            current.set(out);
            TwinAdapters.retireReplaced(in.catalog(), out.catalog());
          }));
    });
    lastChange = done;
    return done;
  }

  @Override
  public void force(Snapshot next) {
    current.set(next);
  }
}
