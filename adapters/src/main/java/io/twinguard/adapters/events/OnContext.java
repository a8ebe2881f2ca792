package io.twinguard.adapters.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs an adapter's work on the one Vert.x context that owns its state, whichever thread asks: the
 * broker calls adapters from its event loops, the servers' clients answer on theirs.
 */
public final class OnContext {

  private OnContext() {}

  /** Runs {@code action} on {@code context}: at once when already there, else queued to it. */
  public static void run(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Runs {@code action} on {@code context}; the future completes as the action's does. */
  public static <T> Future<T> call(Context context, Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }
}
