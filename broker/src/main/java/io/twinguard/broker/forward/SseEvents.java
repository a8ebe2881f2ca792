package io.twinguard.broker.forward;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The events of a server-sent event stream as a back-pressured stream of their data, one buffer per
 * event. While paused, it pauses the stream underneath; the events a chunk already held wait here
 * (at most one chunk's worth). When the stream underneath fails, the reader gets the waiting events,
 * then the failure, then the end, as an adapter's event stream does. Confined to the context of the
 * stream underneath.
 */
final class SseEvents implements ReadStream<Buffer> {

  private final SseParser parser = new SseParser();
  private final ArrayDeque<Buffer> waiting = new ArrayDeque<>();
  private final ReadStream<Buffer> chunks;
  private final Promise<Throwable> finished = Promise.promise();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Throwable failure;
  private boolean paused;
  private boolean ended;

  SseEvents(ReadStream<Buffer> chunks) {
    this.chunks = chunks;
    chunks.handler(chunk -> {
      parser.feed(chunk.toString(StandardCharsets.UTF_8)).forEach(data -> waiting.add(Buffer.buffer(data)));
      drain();
    });
    chunks.exceptionHandler(broken -> {
      if (!ended) {
        failure = broken;
        ended = true;
        drain();
      }
    });
    chunks.endHandler(end -> {
      ended = true;
      drain();
    });
  }

  /**
   * Completes once the reader's end handler ran: with null when the stream underneath ended, with
   * its failure when it broke.
   */
  Future<Throwable> finished() {
    return finished.future();
  }

  private void drain() {
    while (!paused && handler != null && !waiting.isEmpty()) {
      handler.handle(waiting.poll());
    }
    if (ended && waiting.isEmpty() && endHandler != null && !finished.future().isComplete()) {
      if (failure != null && exceptionHandler != null) {
        exceptionHandler.handle(failure);
      }
      endHandler.handle(null);
      finished.complete(failure);
    }
  }

  @Override
  public SseEvents exceptionHandler(Handler<Throwable> exceptionHandler) {
    this.exceptionHandler = exceptionHandler;
    return this;
  }

  @Override
  public SseEvents handler(Handler<Buffer> eventHandler) {
    this.handler = eventHandler;
    drain();
    return this;
  }

  @Override
  public SseEvents pause() {
    paused = true;
    chunks.pause();
    return this;
  }

  @Override
  public SseEvents resume() {
    paused = false;
    drain();
    if (!paused && !ended) {
      chunks.resume();
    }
    return this;
  }

  @Override
  public SseEvents fetch(long amount) {
    return amount > 0 ? resume() : this;
  }

  @Override
  public SseEvents endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    drain();
    return this;
  }
}
