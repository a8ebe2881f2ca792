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
 * {@link AdapterFailure.Unreachable}): the reader's exception handler gets an {@link
 * AdapterException}, then its end handler runs, and {@link #ended()} says why, so the failure is a
 * value the broker records rather than an exception it must catch.
 */
public interface EventStream {

  /** The events, one JSON payload per buffer. */
  ReadStream<Buffer> events();

  /** The artefact that produces these events (model-version binding), as for calls. */
  ArtefactDigest artefact();

  /**
   * Ends the subscription and releases what it holds at the source; idempotent. Waiting events are
   * dropped, the reader's end handler runs, and {@link #ended()} completes with {@link
   * StreamEnd.Cancelled} unless the stream had already ended otherwise. The future completes when
   * the source's subscription was released; it never fails.
   */
  Future<Void> cancel();

  /**
   * Completes, never fails, once the stream ended and the reader's end handler ran: with why it
   * ended. When the source ends or fails, the reader first gets the events already waiting (at most
   * the bound); a cancel or an overflow ends the stream at once.
   */
  Future<StreamEnd> ended();
}
