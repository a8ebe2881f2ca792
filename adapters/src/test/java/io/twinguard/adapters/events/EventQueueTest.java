package io.twinguard.adapters.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.StreamEnd;
import io.twinguard.adapters.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded, back-pressured event queue, driven on its own context. */
class EventQueueTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** Runs {@code action} on the queue's context and waits for it. */
  private <T> T on(Callable<T> action) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        done.complete(action.call());
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return Await.result(done.future());
  }

  private static Buffer event(int i) {
    return Buffer.buffer("e" + i);
  }

  @Test
  void fetch_whenPaused_deliversExactlyTheDemandInOrder() {
    EventQueue queue = new EventQueue(context, 10);
    List<String> seen = new ArrayList<>();
    on(() -> queue.pause().handler(b -> seen.add(b.toString())));
    on(() -> {
      for (int i = 0; i < 5; i++) {
        queue.offer(event(i));
      }
      return null;
    });

    List<String> afterOffers = on(() -> List.copyOf(seen));
    List<String> afterFetch = on(() -> {
      queue.fetch(2);
      return List.copyOf(seen);
    });
    List<String> afterResume = on(() -> {
      queue.resume();
      return List.copyOf(seen);
    });

    assertEquals(List.of(), afterOffers);
    assertEquals(List.of("e0", "e1"), afterFetch);
    assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), afterResume);
  }

  @Test
  void offer_whenMoreThanCapacityWait_endsWithSubscriberTooSlowAndDropsThem() {
    EventQueue queue = new EventQueue(context, 3);
    List<String> seen = new ArrayList<>();
    Promise<Throwable> failed = Promise.promise();
    on(() -> queue.pause().handler(b -> seen.add(b.toString())).exceptionHandler(failed::complete));

    on(() -> {
      for (int i = 0; i < 4; i++) {
        queue.offer(event(i));
      }
      queue.resume();
      return null;
    });

    AdapterException e = assertInstanceOf(AdapterException.class, Await.result(failed.future()));
    assertEquals(new AdapterFailure.SubscriberTooSlow(3), e.failure());
    assertEquals(List.of(), on(() -> List.copyOf(seen)));
    assertEquals(new StreamEnd.Failed(new AdapterFailure.SubscriberTooSlow(3)), Await.result(queue.terminated()));
  }

  @Test
  void end_whenEventsWait_deliversThemBeforeTheEnd() {
    EventQueue queue = new EventQueue(context, 10);
    List<String> seen = new ArrayList<>();
    on(() -> queue.pause().handler(b -> seen.add(b.toString())).endHandler(v -> seen.add("end")));
    on(() -> {
      queue.offer(event(0));
      queue.offer(event(1));
      queue.end();
      return null;
    });

    boolean endedWhilePaused = on(() -> queue.terminated().isComplete());
    on(() -> queue.resume());

    assertEquals(new StreamEnd.Completed(), Await.result(queue.terminated()));
    assertEquals(false, endedWhilePaused);
    assertEquals(List.of("e0", "e1", "end"), on(() -> List.copyOf(seen)));
  }

  @Test
  void offer_fromAnotherThread_arrivesOnTheQueuesContext() throws InterruptedException {
    EventQueue queue = new EventQueue(context, 10);
    Promise<Boolean> onContext = Promise.promise();
    on(() -> queue.handler(b -> onContext.tryComplete(Vertx.currentContext() == context)));

    Thread source = new Thread(() -> queue.offer(event(0)));
    source.start();
    source.join();

    assertTrue(Await.result(onContext.future()));
  }

  @Test
  void fail_whenEventsWait_deliversThemThenTheFailureAsAValue() {
    EventQueue queue = new EventQueue(context, 10);
    List<String> seen = new ArrayList<>();
    on(() -> queue.handler(b -> seen.add(b.toString())).exceptionHandler(e -> seen.add("failed"))
        .endHandler(v -> seen.add("end")));

    on(() -> {
      queue.offer(event(0));
      queue.fail(new AdapterFailure.Unreachable("gone"));
      return null;
    });

    assertEquals(new StreamEnd.Failed(new AdapterFailure.Unreachable("gone")), Await.result(queue.terminated()));
    assertEquals(List.of("e0", "failed", "end"), on(() -> List.copyOf(seen)));
  }

  @Test
  void cancel_whenEventsWait_endsAtOnce() {
    EventQueue queue = new EventQueue(context, 10);
    List<String> seen = new ArrayList<>();
    on(() -> queue.pause().handler(b -> seen.add(b.toString())).endHandler(v -> seen.add("end")));

    Future<StreamEnd> terminated = on(() -> {
      queue.offer(event(0));
      queue.cancel();
      return queue.terminated();
    });

    assertEquals(new StreamEnd.Cancelled(), Await.result(terminated));
    assertEquals(List.of("end"), on(() -> List.copyOf(seen)));
  }
}
