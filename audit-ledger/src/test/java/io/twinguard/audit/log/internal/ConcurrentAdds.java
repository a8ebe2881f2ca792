package io.twinguard.audit.log.internal;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Items added to a queue from several threads at once, for the queue's concurrency tests. */
final class ConcurrentAdds {

  private ConcurrentAdds() {}

  /**
   * Adds {@code threads * each} items from {@code threads} tasks on {@code adders}, thread t adding
   * {@code t * each} up to {@code (t + 1) * each - 1} in order, and waits (bounded) until every
   * add is answered.
   *
   * @return each item's answer, in item order
   */
  static List<Future<String>> addAndAwait(ExecutorService adders, BatchingQueue<Integer, String> queue, int threads,
      int each) throws Exception {
    List<java.util.concurrent.Future<List<Future<String>>>> perThread = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * each;
      perThread.add(adders.submit(() -> {
        List<Future<String>> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          mine.add(queue.add(base + i));
        }
        return mine;
      }));
    }
    List<Future<String>> all = new ArrayList<>();
    for (var f : perThread) {
      all.addAll(f.get(1, TimeUnit.MINUTES));
    }
    Future.all(all).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    return all;
  }
}
