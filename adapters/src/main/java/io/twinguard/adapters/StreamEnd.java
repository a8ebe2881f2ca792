package io.twinguard.adapters;

import java.util.Objects;

/**
 * How an {@link EventStream} ended: a closed set, so that the broker records each subscription's
 * end with one exhaustive {@code switch} (an audit record for {@link Failed}, a plain close for the
 * others).
 */
public sealed interface StreamEnd {

  /** The source ended the stream itself (the device or server said it has no more events). */
  record Completed() implements StreamEnd {}

  /** The subscriber, i.e. the broker, cancelled the stream (unsubscribe, revocation, shutdown). */
  record Cancelled() implements StreamEnd {}

  /**
   * The stream ended because of {@code failure}: the source went away ({@link
   * AdapterFailure.Unreachable}), the reader fell behind ({@link AdapterFailure.SubscriberTooSlow}),
   * or the adapter was closed ({@link AdapterFailure.Closed}).
   */
  record Failed(AdapterFailure failure) implements StreamEnd {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
