package io.twinguard.adapters.events;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.StreamEnd;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The bounded queue between an event source (an MQTT subscription, an OPC UA monitored item) and the
 * broker's subscriber, as a back-pressured {@link ReadStream}: events are delivered only on demand
 * ({@code pause}, {@code fetch}, {@code resume}); at most {@code capacity} events wait for a slow
 * reader. One more ends the stream with {@link AdapterFailure.SubscriberTooSlow} (the waiting events
 * are dropped), so nothing ever buffers without bound. The source learns that the stream ended,
 * whichever way, from {@link #terminated()} and releases its subscription.
 *
 * <p>{@link #offer}, {@link #end} and {@link #fail} may be called from any thread; all state is
 * kept on the subscriber's context.
 */
public final class EventQueue implements ReadStream<Buffer> {

  private final Context context;
  private final int capacity;
  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private final Promise<StreamEnd> terminated = Promise.promise();
  private long demand = Long.MAX_VALUE;
  private StreamEnd end;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  /** @throws IllegalArgumentException when the capacity is not positive */
  public EventQueue(Context context, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.context = Objects.requireNonNull(context, "context");
    this.capacity = capacity;
  }

  /**
   * Completes, after the reader's end handler ran, with how the stream ended: by its source, a
   * failure, an overflow or a cancel. Never fails.
   */
  public Future<StreamEnd> terminated() {
    return terminated.future();
  }

  /** Queues one event from the source; dropped once the stream ended. */
  public void offer(Buffer event) {
    OnContext.run(context, () -> {
      if (end != null) {
        return;
      }
      pending.add(event);
      if (pending.size() > capacity) {
        pending.clear();
        finish(new StreamEnd.Failed(new AdapterFailure.SubscriberTooSlow(capacity)));
      }
      drain();
    });
  }

  /** The source ended: the reader gets the waiting events, then the end. */
  public void end() {
    OnContext.run(context, () -> finish(new StreamEnd.Completed()));
  }

  /** The subscriber gave up: waiting events are dropped and the stream ends at once. */
  public void cancel() {
    OnContext.run(context, () -> {
      pending.clear();
      finish(new StreamEnd.Cancelled());
    });
  }

  /** The source failed: the reader gets the waiting events, then the failure and the end. */
  public void fail(AdapterFailure why) {
    OnContext.run(context, () -> finish(new StreamEnd.Failed(why)));
  }

  private void finish(StreamEnd how) {
    if (end == null) {
      end = how;
      drain();
    }
  }

  private void drain() {
    while (demand > 0 && handler != null && !pending.isEmpty()) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(pending.poll());
    }
    if (end != null && pending.isEmpty() && !terminated.future().isComplete()) {
      if (end instanceof StreamEnd.Failed failed && exceptionHandler != null) {
        exceptionHandler.handle(new AdapterException(failed.failure()));
      }
      if (endHandler != null) {
        endHandler.handle(null);
      }
      terminated.complete(end);
    }
  }

  @Override
  public EventQueue exceptionHandler(Handler<Throwable> handler) {
    OnContext.run(context, () -> exceptionHandler = handler);
    return this;
  }

  @Override
  public EventQueue handler(Handler<Buffer> handler) {
    OnContext.run(context, () -> {
      this.handler = handler;
      drain();
    });
    return this;
  }

  @Override
  public EventQueue pause() {
    OnContext.run(context, () -> demand = 0);
    return this;
  }

  @Override
  public EventQueue resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public EventQueue fetch(long amount) {
    OnContext.run(context, () -> {
      demand = amount > Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + amount;
      drain();
    });
    return this;
  }

  @Override
  public EventQueue endHandler(Handler<Void> handler) {
    OnContext.run(context, () -> {
      endHandler = handler;
      drain();
    });
    return this;
  }
}
