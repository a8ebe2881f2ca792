package io.twinguard.audit.log.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/** Records every batch and holds its flush open until the test completes it. */
final class HeldFlush implements BatchingQueue.Flush<Integer, String> {
  final List<List<Integer>> batches = new ArrayList<>();
  final List<Promise<List<String>>> pending = new ArrayList<>();

  @Override
  public Future<List<String>> apply(List<Integer> batch) {
    batches.add(List.copyOf(batch));
    Promise<List<String>> promise = Promise.promise();
    pending.add(promise);
    return promise.future();
  }

  /** Completes the oldest open flush with "r" + item for each item. */
  void completeNext() {
    Promise<List<String>> promise = pending.remove(0);
    promise.complete(batches.get(batches.size() - pending.size() - 1).stream().map(i -> "r" + i).toList());
  }
}
