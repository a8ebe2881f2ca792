package io.twinguard.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Vert.x futures in tests, with a bound, never on an event loop. */
public final class Await {

  /** The longest a test waits for one future. */
  public static final long BOUND_SECONDS = 120;

  private Await() {}

  /** The future's value; fails the test when it failed or did not complete in time. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return fail("expected success, got " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      return fail("the future did not complete within " + BOUND_SECONDS + " s", e);
    }
  }

  /** Waits until the future completed, whichever way. */
  public static void settle(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertTrue(future.failed());
    } catch (InterruptedException | TimeoutException e) {
      fail("the future did not complete within " + BOUND_SECONDS + " s", e);
    }
  }

  /** The adapter failure the future failed with; fails the test when it succeeded or failed otherwise. */
  public static AdapterFailure failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return assertInstanceOf(AdapterException.class, e.getCause(), "adapters fail only with AdapterException").failure();
    } catch (InterruptedException | TimeoutException e) {
      return fail("the future did not complete within " + BOUND_SECONDS + " s", e);
    }
  }
}
