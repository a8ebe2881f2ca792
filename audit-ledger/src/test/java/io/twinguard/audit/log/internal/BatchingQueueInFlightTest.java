package io.twinguard.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The queue with more than one flush in flight: when a second batch goes, and that batches are
 * delivered in order however their flushes complete. Driven by hand as in {@link BatchingQueueTest}.
 */
class BatchingQueueInFlightTest {

  private static final Duration AGE = Duration.ofMillis(5);

  private final ManualTimer timer = new ManualTimer();
  private final HeldFlush flush = new HeldFlush();

  @Test
  void twoInFlight_aBatchGoesWhenFull_orWhenItsOldestItemIsMaxAgeOld() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(3, AGE, 2, timer, flush);
    Duration half = AGE.dividedBy(2);
    queue.add(1);
    queue.add(2);

    assertEquals(List.of(List.of(1)), flush.batches, "a second flush waits for a full batch or max age");
    assertEquals(1, timer.tasks.size(), "a timer for item 2");

    queue.add(3);
    queue.add(4);
    assertEquals(List.of(List.of(1), List.of(2, 3, 4)), flush.batches, "full: it goes");

    timer.advance(half);
    queue.add(5);
    flush.completeNext();
    assertEquals(2, flush.batches.size(), "a flight is free, but item 5 is young");

    timer.advance(half);
    assertEquals(2, flush.batches.size(), "the timer armed for item 2 fires, and arms one for item 5");
    timer.advance(half.minusNanos(1));
    assertEquals(2, flush.batches.size());
    timer.advance(Duration.ofNanos(1));
    assertEquals(List.of(5), flush.batches.get(2), "max age reached: it goes");
  }

  @Test
  void twoInFlight_laterFlushCompletesFirst_itsItemsWaitForTheEarlierBatch() {
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(1, AGE, 2, timer, flush);
    List<Integer> completed = new ArrayList<>();
    queue.add(1).onSuccess(r -> completed.add(1));
    queue.add(2).onSuccess(r -> completed.add(2));
    Future<String> third = queue.add(3);
    assertEquals(List.of(List.of(1), List.of(2)), flush.batches);

    flush.pending.get(1).complete(List.of("r2"));

    assertEquals(List.of(), completed, "batch 2 is delivered only after batch 1");
    assertEquals(2, flush.batches.size(), "an undelivered batch still counts as in flight");

    flush.pending.get(0).complete(List.of("r1"));

    assertEquals(List.of(1, 2), completed);
    assertEquals(List.of(List.of(1), List.of(2), List.of(3)), flush.batches);
    assertTrue(!third.isComplete());
  }

  @Test
  void twoInFlight_flushesCompletingOutOfOrderOnManyThreads_eachItemInOneBatchWithItsOwnResult()
      throws Exception {
    ExecutorService completers = Executors.newFixedThreadPool(2);
    ExecutorService adders = Executors.newFixedThreadPool(4);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    List<Integer> flushed = Collections.synchronizedList(new ArrayList<>());
    BatchingQueue<Integer, String> queue = new BatchingQueue<>(50, AGE, 2, timer, batch -> {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      flushed.addAll(batch);
      Promise<List<String>> promise = Promise.promise();
      // two completers and a random pause: the second flush in flight often completes first
      completers.execute(() -> {
        pause(ThreadLocalRandom.current().nextInt(50));
        inFlight.decrementAndGet();
        promise.complete(batch.stream().map(i -> "r" + i).toList());
      });
      return promise.future();
    });
    List<Future<String>> all = ConcurrentAdds.addAndAwait(adders, queue, 4, 5_000);
    adders.shutdown();
    completers.shutdown();

    for (int i = 0; i < all.size(); i++) {
      assertEquals("r" + i, all.get(i).result());
    }
    assertEquals(20_000, flushed.size());
    assertEquals(20_000, new HashSet<>(flushed).size(), "each item in exactly one batch");
    assertTrue(mostInFlight.get() <= 2, "at most two flushes in flight, saw " + mostInFlight.get());
  }

  /** Busy work of up to a few microseconds, so that the completers interleave without sleeping. */
  private static void pause(int spins) {
    for (int i = 0; i < spins; i++) {
      Thread.onSpinWait();
    }
  }
}
