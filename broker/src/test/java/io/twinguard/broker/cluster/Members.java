package io.twinguard.broker.cluster;

import io.twinguard.common.settings.ClusterSettings;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Cluster members in this JVM, on loopback ports of the 19xxx range, for the cluster's unit tests. */
final class Members implements AutoCloseable {

  private final List<Clustering.Member> members = new ArrayList<>();

  /** Starts {@code count} members one after the other (so they form one cluster), each knowing all. */
  static Members start(int firstPort, int count) {
    List<String> addresses = IntStream.range(0, count).mapToObj(i -> "127.0.0.1:" + (firstPort + i)).toList();
    Members started = new Members();
    for (int i = 0; i < count; i++) {
      ClusterSettings settings = new ClusterSettings(true, "unit-" + firstPort, "127.0.0.1", firstPort + i, addresses,
          5000);
      started.members.add(await(Clustering.join(settings)));
    }
    return started;
  }

  Clustering.Member get(int index) {
    return members.get(index);
  }

  /** Stops member {@code index} (it leaves the cluster). */
  void stop(int index) {
    await(members.get(index).vertx().close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    members.forEach(member -> member.vertx().close().toCompletionStage().toCompletableFuture().join());
  }
}
