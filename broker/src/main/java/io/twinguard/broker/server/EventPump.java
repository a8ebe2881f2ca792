package io.twinguard.broker.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Moves server-sent events from a target's stream to a subscriber, deciding each on the way, in
 * order, with back-pressure: while {@code maxPending} events wait for their decision, or while the
 * subscriber's write queue is full, the target's stream is paused, so a slow subscriber never
 * makes the broker buffer without bound. Confined to one event loop.
 */
final class EventPump {

  private final ReadStream<Buffer> in;
  private final WriteStream<Buffer> out;
  private final Function<Buffer, Future<Optional<Buffer>>> decide;
  private final int maxPending;
  private final SseParser parser = new SseParser();
  private Future<Void> tail = Future.succeededFuture();
  private int pending;
  private boolean paused;
  private boolean ended;

  /**
   * @param decide decides one event's data: the future holds what to deliver, or empty to withhold it
   * @param maxPending how many events may wait for their decision before reading pauses
   */
  EventPump(ReadStream<Buffer> in, WriteStream<Buffer> out, Function<Buffer, Future<Optional<Buffer>>> decide,
      int maxPending) {
    this.in = in;
    this.out = out;
    this.decide = decide;
    this.maxPending = maxPending;
  }

  /** Starts pumping; {@code done} runs once, when the target's stream ended and every event was handled. */
  void start(Runnable done) {
    out.drainHandler(drained -> resumeIfRoom());
    in.handler(chunk -> {
      for (String data : parser.feed(chunk.toString(StandardCharsets.UTF_8))) {
        pending++;
        Buffer event = Buffer.buffer(data);
        tail = tail.compose(previous -> decide.apply(event)).transform(decided -> {
          pending--;
          if (decided.succeeded() && decided.result().isPresent()) {
            deliver(decided.result().get());
          }
          resumeIfRoom();
          return Future.succeededFuture();
        });
      }
      if (pending >= maxPending || out.writeQueueFull()) {
        paused = true;
        in.pause();
      }
    });
    in.endHandler(end -> {
      ended = true;
      tail.onComplete(all -> done.run());
    });
    in.resume();
  }

  /** Whether reading from the target is paused now. */
  boolean paused() {
    return paused;
  }

  private void deliver(Buffer body) {
    try {
      out.write(Buffer.buffer("data: ").appendBuffer(body).appendString("\n\n"));
    } catch (IllegalStateException gone) {
      // the subscriber went away; its close handler closes the target's stream
    }
  }

  private void resumeIfRoom() {
    if (paused && !ended && pending < maxPending && !out.writeQueueFull()) {
      paused = false;
      in.resume();
    }
  }
}
