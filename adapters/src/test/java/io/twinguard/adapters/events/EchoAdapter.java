package io.twinguard.adapters.events;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.ArtefactDigest;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test adapter over an in-memory source, to run the contract's event tests against
 * {@link EventQueue}: {@code service/echo echo} answers {@code {"echo": text}}, {@code gateway/ticks}
 * streams what {@link #emit} sends.
 */
final class EchoAdapter implements Adapter {

  static final BlockRef ECHO = BlockRef.parse("service/echo");
  static final BlockRef TICKS = BlockRef.parse("gateway/ticks");
  static final ArtefactDigest ARTEFACT = ArtefactDigest.of("echo v1".getBytes(StandardCharsets.UTF_8), "echo v1");

  private final Vertx vertx;
  private final boolean up;
  private final int capacity;
  private final List<EventQueue> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  EchoAdapter(Vertx vertx, boolean up, int capacity) {
    this.vertx = vertx;
    this.up = up;
    this.capacity = capacity;
  }

  @Override
  public Future<AdapterResponse> call(BlockCall call) {
    if (closed.get()) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.Closed()));
    }
    if (!call.block().equals(ECHO) || !call.operation().equals("echo")) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.UnknownOperation(call.block(), call.operation())));
    }
    String text;
    try {
      text = new JsonObject(Buffer.buffer(call.payload())).getString("text");
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.InvalidCall("the payload is not a JSON object")));
    }
    if (text == null) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.InvalidCall("no value at /text")));
    }
    if (!up) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.Unreachable("the source is down")));
    }
    return Future.succeededFuture(new AdapterResponse(200, AdapterResponse.JSON,
        new JsonObject().put("echo", text).toBuffer().getBytes(), ARTEFACT));
  }

  @Override
  public Future<EventStream> subscribe(BlockCall call) {
    if (!call.block().equals(TICKS)) {
      return Future.failedFuture(new AdapterException(new AdapterFailure.Unsupported("events of " + call.block())));
    }
    EventQueue queue = new EventQueue(vertx.getOrCreateContext(), capacity);
    subscribers.add(queue);
    return Future.succeededFuture(new QueuedEventStream(queue, ARTEFACT, () -> {
      subscribers.remove(queue);
      return Future.succeededFuture();
    }));
  }

  /** The source emits {@code count} events to every subscriber, from a thread of its own. */
  void emit(int count) throws InterruptedException {
    Thread source = new Thread(() -> {
      for (int i = 0; i < count; i++) {
        Buffer event = new JsonObject().put("tick", i).toBuffer();
        subscribers.forEach(queue -> queue.offer(event));
      }
    });
    source.start();
    source.join();
  }

  /** The source goes away: every open stream fails as a lost connection would. */
  void loseSource() {
    subscribers.forEach(queue -> queue.fail(new AdapterFailure.Unreachable("the source went away")));
  }

  @Override
  public Future<Health> health() {
    return Future.succeededFuture(closed.get() ? Health.down("closed") : Health.up("in memory"));
  }

  @Override
  public Future<Void> close() {
    closed.set(true);
    subscribers.forEach(EventQueue::end);
    return Future.succeededFuture();
  }
}
