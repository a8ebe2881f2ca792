package io.twinguard.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The queue driven by hand: a flush completes when the test completes its promise, and time moves
 * only when the test advances the clock. Assertions count flushes and look at batches, never time.
 */
class BatchingQueueTest {

  private static final Duration AGE = Duration.ofMillis(5);

  private final ManualTimer timer = new ManualTimer();
  private final HeldFlush flush = new HeldFlush();

  @Test
  void add_whenNothingIsInFlight_flushesAtOnceWithoutWaitingForTheTimer() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(64, Duration.ofHours(1), 1, timer, flush);

    Future<String> first = queue.add(1);

    assertEquals(List.of(List.of(1)), flush.batches);
    assertTrue(timer.tasks.isEmpty(), "no timer was needed");
    flush.completeNext();
    assertEquals("r1", first.result());
  }

  @Test
  void add_whileAFlushIsInFlight_waitsForIt_thenGoesAtOnceInOneBatch() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(64, AGE, 1, timer, flush);
    Future<String> first = queue.add(1);
    Future<String> second = queue.add(2);
    Future<String> third = queue.add(3);
    timer.advance(AGE.multipliedBy(10));

    assertEquals(1, flush.batches.size(), "one flush in flight at a time, however old the queue");
    assertTrue(!second.isComplete());

    flush.completeNext();

    assertEquals("r1", first.result());
    assertEquals(List.of(List.of(1), List.of(2, 3)), flush.batches);
    flush.completeNext();
    assertEquals("r2", second.result());
    assertEquals("r3", third.result());
  }

  @Test
  void add_moreThanMaxSizeDuringAFlight_flushesBatchesOfMaxSizeInOrder() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(2, AGE, 1, timer, flush);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      futures.add(queue.add(i));
    }

    while (!flush.pending.isEmpty()) {
      flush.completeNext();
    }

    assertEquals(List.of(List.of(1), List.of(2, 3), List.of(4, 5), List.of(6)), flush.batches);
    for (int i = 1; i <= 6; i++) {
      assertEquals("r" + i, futures.get(i - 1).result());
    }
  }

  @Test
  void flushFailure_failsOnlyTheItemsOfThatBatch_andTheNextBatchGoes() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(8, AGE, 1, timer, flush);
    Future<String> first = queue.add(1);
    Future<String> second = queue.add(2);
    IllegalStateException failure = new IllegalStateException("disk full");

    flush.pending.remove(0).fail(failure);

    assertSame(failure, first.cause());
    assertEquals(List.of(List.of(1), List.of(2)), flush.batches);
    flush.completeNext();
    assertEquals("r2", second.result());
  }

  @Test
  void flushAnsweringTooFewResults_failsTheBatchWithIllegalState() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(8, AGE, 1, timer, batch -> Future.succeededFuture(List.of()));

    Future<String> item = queue.add(1);

    assertInstanceOf(IllegalStateException.class, item.cause());
  }

  @Test
  void flushThrowing_failsTheBatch_andTheQueueGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(8, AGE, 1, timer, batch -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalArgumentException("bad batch");
      }
      return Future.succeededFuture(List.of("ok"));
    });

    Future<String> first = queue.add(1);
    Future<String> second = queue.add(2);

    assertInstanceOf(IllegalArgumentException.class, first.cause());
    assertEquals("ok", second.result());
  }

  @Test
  void add_onVertxContexts_completesEachFutureOnTheContextThatAddedIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      BatchingQueue<Integer, String> queue = new BatchingQueue<>(64, AGE, 1, timer, flush);
      Context first = vertx.getOrCreateContext();
      Context second = vertx.getOrCreateContext();
      List<String> seen = new CopyOnWriteArrayList<>();
      Promise<Void> all = Promise.promise();
      queue.add(0); // a flush in flight, so that the next items wait together in one batch
      for (int i = 1; i <= 6; i++) {
        int item = i;
        Context context = item % 2 == 0 ? first : second;
        Promise<Void> added = Promise.promise();
        context.runOnContext(v -> {
          queue.add(item).onSuccess(result -> {
            seen.add(result + (Vertx.currentContext() == context ? " on its context" : " elsewhere"));
            if (seen.size() == 6) {
              all.complete();
            }
          });
          added.complete();
        });
        within(added.future());
      }

      flush.completeNext();
      flush.completeNext();
      within(all.future());

      assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5, 6)), flush.batches);
      assertEquals(6, seen.size());
      assertTrue(seen.stream().allMatch(r -> r.endsWith(" on its context")), seen.toString());
      assertEquals(List.of("r2 on its context", "r4 on its context", "r6 on its context"),
          seen.stream().filter(r -> r.matches("r[246] .*")).toList(), "in item order on one context");
    } finally {
      vertx.close().await();
    }
  }

  private static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  @Test
  void manyBatchesCompletingAtOnce_runInALoop_notARecursion() {
    int items = 100_000;
    Promise<List<String>> held = Promise.promise();
    AtomicInteger flushes = new AtomicInteger();
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(1, AGE, 1, timer,
        batch -> flushes.incrementAndGet() == 1 ? held.future() : Future.succeededFuture(List.of("ok")));
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      futures.add(queue.add(i));
    }

    held.complete(List.of("first"));

    assertEquals(items, flushes.get());
    assertTrue(futures.stream().allMatch(Future::succeeded));
  }

  @Test
  void add_fromManyThreads_eachItemInExactlyOneBatch_withItsOwnResult_andOneFlightAtATime() throws Exception {
    ExecutorService completer = Executors.newSingleThreadExecutor();
    ExecutorService adders = Executors.newFixedThreadPool(4);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    List<Integer> flushed = Collections.synchronizedList(new ArrayList<>());
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(50, AGE, 1, timer, batch -> {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      flushed.addAll(batch);
      Promise<List<String>> promise = Promise.promise();
      completer.execute(() -> {
        inFlight.decrementAndGet();
        promise.complete(batch.stream().map(i -> "r" + i).toList());
      });
      return promise.future();
    });
    List<Future<String>> all = ConcurrentAdds.addAndAwait(adders, queue, 4, 10_000);
    adders.shutdown();
    completer.shutdown();

    for (int i = 0; i < all.size(); i++) {
      assertEquals("r" + i, all.get(i).result());
    }
    Set<Integer> distinct = new HashSet<>(flushed);
    assertEquals(40_000, flushed.size());
    assertEquals(40_000, distinct.size());
    assertEquals(1, mostInFlight.get());
  }

  @Test
  void constructor_boundsOutOfRange_throw() {
    assertThrows(IllegalArgumentException.class, () -> new BatchingQueue<>(0, AGE, 1, timer, flush));
    assertThrows(IllegalArgumentException.class, () -> new BatchingQueue<>(1, AGE, 0, timer, flush));
    assertThrows(IllegalArgumentException.class, () -> new BatchingQueue<>(1, Duration.ofMillis(-1), 1, timer, flush));
  }
}
