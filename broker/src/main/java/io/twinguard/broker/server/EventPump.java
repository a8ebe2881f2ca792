package io.twinguard.broker.server;

import io.twinguard.broker.pipeline.EventVerdict;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Moves events from a target's stream to a subscriber as server-sent events, deciding each on the
 * way, in order, with back-pressure: while {@code maxPending} events wait for their decision, or
 * while the subscriber's write queue is full, the target's stream is paused, so a slow subscriber
 * never makes the broker buffer without bound (the target's stream holds at most its own bound).
 * Confined to one event loop.
 */
final class EventPump {

  private final ReadStream<Buffer> in;
  private final WriteStream<Buffer> out;
  private final Function<Buffer, Future<EventVerdict>> decide;
  private final int maxPending;
  private Future<Void> tail = Future.succeededFuture();
  private Consumer<Optional<JsonObject>> done;
  private int pending;
  private boolean paused;
  private boolean ended;
  private boolean finished;

  /**
   * @param in the target's events, one event's data per buffer
   * @param decide decides one event: deliver it, withhold it, or revoke the subscription
   * @param maxPending how many events may wait for their decision before reading pauses
   */
  EventPump(ReadStream<Buffer> in, WriteStream<Buffer> out, Function<Buffer, Future<EventVerdict>> decide,
      int maxPending) {
    this.in = in;
    this.out = out;
    this.decide = decide;
    this.maxPending = maxPending;
  }

  /**
   * Starts pumping. {@code done} runs once: with the revoking problem at the first event that revokes
   * the subscription (nothing after it is decided or delivered), or empty when the target's stream
   * ended and every event was handled.
   */
  void start(Consumer<Optional<JsonObject>> whenDone) {
    this.done = whenDone;
    out.drainHandler(drained -> resumeIfRoom());
    in.handler(event -> {
      pending++;
      tail = tail.compose(previous -> finished ? Future.succeededFuture(new EventVerdict.Withhold())
              : decide.apply(event))
          .transform(decided -> {
            pending--;
            if (decided.succeeded()) {
              handle(decided.result());
            }
            resumeIfRoom();
            return Future.succeededFuture();
          });
      if (pending >= maxPending || out.writeQueueFull()) {
        paused = true;
        in.pause();
      }
    });
    in.endHandler(end -> {
      ended = true;
      tail.onComplete(all -> finish(Optional.empty()));
    });
    in.resume();
  }

  /** Whether reading from the target is paused now. */
  boolean paused() {
    return paused;
  }

  private void handle(EventVerdict verdict) {
    if (finished) {
      return;
    }
    if (verdict instanceof EventVerdict.Deliver deliver) {
      write(Buffer.buffer("data: ").appendBuffer(deliver.data()).appendString("\n\n"));
    } else if (verdict instanceof EventVerdict.Revoke revoke) {
      finish(Optional.of(revoke.problem()));
    }
  }

  private void finish(Optional<JsonObject> revoked) {
    if (!finished) {
      finished = true;
      done.accept(revoked);
    }
  }

  private void write(Buffer frame) {
    try {
      out.write(frame);
    } catch (IllegalStateException gone) {
      // the subscriber went away; its close handler closes the target's stream
    }
  }

  private void resumeIfRoom() {
    if (paused && !ended && !finished && pending < maxPending && !out.writeQueueFull()) {
      paused = false;
      in.resume();
    }
  }
}
