package io.twinguard.broker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.twinguard.broker.pipeline.EventVerdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event pump's own logic: order, withholding, revocation and back-pressure both ways, on streams in memory. */
class EventPumpTest {

  /** A target's stream the test feeds by hand; it records whether the pump paused it. */
  static final class Source implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;
    boolean paused = true;

    void emit(String data) {
      handler.handle(Buffer.buffer(data));
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

  static Future<EventVerdict> deliver(Buffer event) {
    return Future.succeededFuture(new EventVerdict.Deliver(event));
  }

  static final Future<EventVerdict> WITHHOLD = Future.succeededFuture(new EventVerdict.Withhold());

  @Test
  void start_deliversAllowedEventsInOrderAndWithholdsTheRest() {
    Source source = new Source();
    Sink sink = new Sink();
    new EventPump(source, sink, event -> event.toString().contains("secret") ? WITHHOLD : deliver(event), 4)
        .start(done -> { });

    source.emit("{\"n\":1}");
    source.emit("{\"n\":2,\"secret\":true}");
    source.emit("{\"n\":3}");

    assertEquals(List.of("data: {\"n\":1}\n\n", "data: {\"n\":3}\n\n"), sink.written);
  }

  @Test
  void start_revokingEvent_endsThePumpWithItsProblemAndDecidesNothingAfter() {
    Source source = new Source();
    Sink sink = new Sink();
    List<String> decided = new ArrayList<>();
    List<Optional<JsonObject>> done = new ArrayList<>();
    new EventPump(source, sink, event -> {
      decided.add(event.toString());
      return event.toString().contains("revoked")
          ? Future.succeededFuture(new EventVerdict.Revoke(new JsonObject().put("type", "denied")))
          : deliver(event);
    }, 4).start(done::add);

    source.emit("{\"n\":1}");
    source.emit("{\"n\":2,\"revoked\":true}");
    source.emit("{\"n\":3}");
    source.end.handle(null);

    assertEquals(List.of("data: {\"n\":1}\n\n"), sink.written);
    assertEquals(List.of("{\"n\":1}", "{\"n\":2,\"revoked\":true}"), decided);
    assertEquals(List.of(Optional.of(new JsonObject().put("type", "denied"))), done, "done runs once, with the problem");
  }

  @Test
  void start_eventsWaitingForDecisions_pauseTheTargetUntilDecided() {
    Source source = new Source();
    List<Promise<EventVerdict>> decisions = new ArrayList<>();
    EventPump pump = new EventPump(source, new Sink(), event -> {
      Promise<EventVerdict> decision = Promise.promise();
      decisions.add(decision);
      return decision.future();
    }, 2);
    pump.start(done -> { });
    assertFalse(source.paused, "reading starts");

    source.emit("{\"n\":1}");
    source.emit("{\"n\":2}");

    assertTrue(source.paused, "two events wait for their decision: the target's stream is paused");
    decisions.get(0).complete(new EventVerdict.Withhold());
    assertFalse(source.paused, "room again: reading resumes");
  }

  @Test
  void start_subscriberNotReading_pausesTheTargetUntilDrained() {
    Source source = new Source();
    Sink sink = new Sink();
    sink.capacity = 1;
    EventPump pump = new EventPump(source, sink, EventPumpTest::deliver, 8);
    pump.start(done -> { });

    source.emit("{\"n\":1}");
    assertTrue(source.paused, "the subscriber's queue is full");

    sink.capacity = 10;
    sink.drain.handle(null);
    assertFalse(source.paused);
  }

  @Test
  void start_targetEnds_runsDoneAfterTheLastDecision() {
    Source source = new Source();
    Promise<EventVerdict> decision = Promise.promise();
    List<Optional<JsonObject>> done = new ArrayList<>();
    new EventPump(source, new Sink(), event -> decision.future(), 4).start(done::add);

    source.emit("{\"n\":1}");
    source.end.handle(null);
    assertEquals(List.of(), done);

    decision.complete(new EventVerdict.Withhold());
    assertEquals(List.of(Optional.<JsonObject>empty()), done);
  }
}
