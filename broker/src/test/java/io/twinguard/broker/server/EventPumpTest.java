package io.twinguard.broker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event pump's own logic: order, withholding, and back-pressure both ways, on streams in memory. */
class EventPumpTest {

  /** A target's stream the test feeds by hand; it records whether the pump paused it. */
  static final class Source implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;
    boolean paused = true;

    void emit(String data) {
      handler.handle(Buffer.buffer("data: " + data + "\n\n"));
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      handler = h;
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      paused = true;
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      paused = false;
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      end = h;
      return this;
    }
  }

  /** A subscriber whose write queue fills after {@code capacity} writes until drained. */
  static final class Sink implements WriteStream<Buffer> {
    final List<String> written = new ArrayList<>();
    int capacity = Integer.MAX_VALUE;
    Handler<Void> drain;

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      written.add(data.toString());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return written.size() >= capacity;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> h) {
      drain = h;
      return this;
    }
  }

  @Test
  void start_deliversAllowedEventsInOrderAndWithholdsTheRest() {
    Source source = new Source();
    Sink sink = new Sink();
    new EventPump(source, sink, event -> Future.succeededFuture(
        event.toString().contains("secret") ? Optional.empty() : Optional.of(event)), 4).start(() -> { });

    source.emit("{\"n\":1}");
    source.emit("{\"n\":2,\"secret\":true}");
    source.emit("{\"n\":3}");

    assertEquals(List.of("data: {\"n\":1}\n\n", "data: {\"n\":3}\n\n"), sink.written);
  }

  @Test
  void start_eventsWaitingForDecisions_pauseTheTargetUntilDecided() {
    Source source = new Source();
    List<Promise<Optional<Buffer>>> decisions = new ArrayList<>();
    EventPump pump = new EventPump(source, new Sink(), event -> {
      Promise<Optional<Buffer>> decision = Promise.promise();
      decisions.add(decision);
      return decision.future();
    }, 2);
    pump.start(() -> { });
    assertFalse(source.paused, "reading starts");

    source.emit("{\"n\":1}");
    source.emit("{\"n\":2}");

    assertTrue(source.paused, "two events wait for their decision: the target's stream is paused");
    decisions.get(0).complete(Optional.empty());
    assertFalse(source.paused, "room again: reading resumes");
  }

  @Test
  void start_subscriberNotReading_pausesTheTargetUntilDrained() {
    Source source = new Source();
    Sink sink = new Sink();
    sink.capacity = 1;
    EventPump pump = new EventPump(source, sink, event -> Future.succeededFuture(Optional.of(event)), 8);
    pump.start(() -> { });

    source.emit("{\"n\":1}");
    assertTrue(source.paused, "the subscriber's queue is full");

    sink.capacity = 10;
    sink.drain.handle(null);
    assertFalse(source.paused);
  }

  @Test
  void start_targetEnds_runsDoneAfterTheLastDecision() {
    Source source = new Source();
    Promise<Optional<Buffer>> decision = Promise.promise();
    List<String> done = new ArrayList<>();
    new EventPump(source, new Sink(), event -> decision.future(), 4).start(() -> done.add("done"));

    source.emit("{\"n\":1}");
    source.end.handle(null);
    assertEquals(List.of(), done);

    decision.complete(Optional.empty());
    assertEquals(List.of("done"), done);
  }
}
