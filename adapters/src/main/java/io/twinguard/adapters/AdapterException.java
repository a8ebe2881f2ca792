package io.twinguard.adapters;

import io.vertx.core.Future;
import java.util.Objects;

/**
 * The only exception an {@link Adapter}'s futures fail with: it carries the {@link AdapterFailure}
 * that the broker maps to a problem. It has no stack trace, since it reports an outcome, not a bug.
 */
public final class AdapterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient AdapterFailure failure;

  public AdapterException(AdapterFailure failure) {
    super(Objects.requireNonNull(failure, "failure").detail(), null, false, false);
    this.failure = failure;
  }

  public AdapterFailure failure() {
    return failure;
  }

  /** A future failed with {@code failure}, as every adapter answers a call it cannot serve. */
  public static <T> Future<T> failed(AdapterFailure failure) {
    return Future.failedFuture(new AdapterException(failure));
  }
}
