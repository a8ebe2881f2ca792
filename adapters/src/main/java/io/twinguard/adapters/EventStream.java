package io.twinguard.adapters;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A subscription to a gateway block's events through an adapter.
 *
 * <p>The stream honours back-pressure: it delivers only what the reader asked for ({@code
 * pause}/{@code fetch}/{@code resume}) and buffers at most a bounded number of events for a paused
 * reader. When that bound is reached the stream ends with an {@link AdapterException} carrying
 * {@link AdapterFailure.SubscriberTooSlow}, so a slow subscriber never makes the broker or the
 * adapter buffer without bound. A source that goes away ends the stream with its failure (e.g.
 * {@link AdapterFailure.Unreachable}).
 */
public interface EventStream {

  /** The events, one JSON payload per buffer. */
  ReadStream<Buffer> events();

  /** The artefact that produces these events (model-version binding), as for calls. */
  ArtefactDigest artefact();

  /** Ends the subscription and releases what it holds at the source; idempotent. */
  Future<Void> cancel();
}
