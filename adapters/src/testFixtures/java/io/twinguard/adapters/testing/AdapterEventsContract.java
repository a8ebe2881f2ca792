package io.twinguard.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.StreamEnd;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The first half of the adapter contract: each test's Vert.x and adapters, the hooks, and the event
 * tests (back-pressure, overflow, cancel, the source going away). Extend {@link AdapterContractTestBase}, which adds the
 * call and lifecycle tests, not this.
 */
public abstract class AdapterEventsContract {

  /** A fresh Vert.x per test, closed after it. */
  protected Vertx vertx;

  private final List<Adapter> created = new ArrayList<>();

  /** A new adapter whose target works. */
  protected abstract Adapter newAdapter(Vertx vertx) throws Exception;

  /** A call the working adapter answers. */
  protected abstract BlockCall validCall();

  /**
   * Whether the adapter offers gateway events. When false, the event tests check only that
   * subscribing is refused; when true, override {@link #subscription}, {@link #emit},
   * {@link #loseSource} and {@link #eventCapacity}.
   */
  protected boolean supportsEvents() {
    return false;
  }

  /** A subscription to the adapter's gateway events. */
  protected BlockCall subscription() {
    throw new UnsupportedOperationException("override subscription() when supportsEvents()");
  }

  /** Makes the adapter's source (the device, the server) emit {@code count} events. */
  protected void emit(int count) throws Exception {
    throw new UnsupportedOperationException("override emit() when supportsEvents(): " + count);
  }

  /**
   * Makes the adapter's source go away (stops the server, kills the device connection) while a
   * subscription is open. The next test gets a working source again ({@link #newAdapter} may
   * restart it).
   */
  protected void loseSource() throws Exception {
    throw new UnsupportedOperationException("override loseSource() when supportsEvents()");
  }

  /** The most events the adapter keeps for a subscriber that does not read. */
  protected int eventCapacity() {
    throw new UnsupportedOperationException("override eventCapacity() when supportsEvents()");
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeAll() {
    created.forEach(adapter -> Await.result(adapter.close()));
    Await.result(vertx.close());
  }

  /** A new working adapter, closed after the test. */
  protected Adapter adapter() throws Exception {
    return closeAfterTest(newAdapter(vertx));
  }

  /** Closes {@code adapter} after the test. */
  protected <A extends Adapter> A closeAfterTest(A adapter) {
    created.add(adapter);
    return adapter;
  }

  @Nested
  class Events {
    @Test
    void subscribe_whenBlockHasNoEvents_failsWithUnsupported() throws Exception {
      assumeFalse(supportsEvents(), "the adapter offers events");

      assertInstanceOf(AdapterFailure.Unsupported.class, Await.failure(adapter().subscribe(validCall())));
    }

    @Test
    void subscribe_whenReaderReads_deliversEveryEvent() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      AtomicInteger received = new AtomicInteger();
      Promise<Void> all = Promise.promise();
      stream.events().handler(event -> {
        if (received.incrementAndGet() == 3) {
          all.tryComplete();
        }
      });

      emit(3);

      Await.result(all.future());
      assertEquals(3, received.get());
      Await.result(stream.cancel());
    }

    @Test
    void subscribe_whenReaderNeverReads_endsWithSubscriberTooSlow() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      Promise<Void> failed = Promise.promise();
      stream.events().pause();
      stream.events().exceptionHandler(failed::tryFail);
      stream.events().handler(event -> failed.tryFail("an event was delivered to a paused reader"));

      emit(eventCapacity() + 1);

      assertInstanceOf(AdapterFailure.SubscriberTooSlow.class, Await.failure(failed.future()));
      StreamEnd.Failed end = assertInstanceOf(StreamEnd.Failed.class, Await.result(stream.ended()));
      assertInstanceOf(AdapterFailure.SubscriberTooSlow.class, end.failure());
    }

    @Test
    void subscribe_whenSourceGoesAway_endsCleanlyWithTheFailureAsAValue() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      Promise<Throwable> failed = Promise.promise();
      Promise<Void> ended = Promise.promise();
      stream.events().exceptionHandler(failed::tryComplete);
      stream.events().endHandler(ended::tryComplete);
      stream.events().handler(event -> { });

      loseSource();

      Await.result(ended.future());
      assertInstanceOf(AdapterException.class, Await.result(failed.future()));
      StreamEnd.Failed end = assertInstanceOf(StreamEnd.Failed.class, Await.result(stream.ended()));
      assertInstanceOf(AdapterFailure.Unreachable.class, end.failure());
      Await.result(stream.cancel());
    }

    @Test
    void cancel_endsTheStream() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      Promise<Void> ended = Promise.promise();
      stream.events().endHandler(ended::tryComplete);

      Await.result(stream.cancel());

      Await.result(ended.future());
      assertEquals(new StreamEnd.Cancelled(), Await.result(stream.ended()));
    }
  }
}
