package io.twinguard.adapters.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** The load program's steps that are not about the adapter: publishing, waiting, percentiles. */
final class LoadSupport {

  private LoadSupport() {}

  /** Records an event's latency from the nanoTime its publisher stamped into it, by its sequence number. */
  static void stamp(Buffer event, long[] latencies, AtomicInteger received) {
    JsonObject json = new JsonObject(event);
    latencies[json.getInteger("seq")] = Math.max(1, System.nanoTime() - json.getLong("t"));
    received.incrementAndGet();
  }

  /** The {@code percent} percentile of sorted values. */
  static long pct(long[] sorted, int percent) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
  }

  /** Publishes {@code count} messages of about {@code padding} bytes at QoS 0; {@code rate} 0 is as fast as the socket takes them. */
  static void publish(MqttClient publisher, String topic, int count, int rate, int padding) throws Exception {
    char[] pad = new char[padding];
    Arrays.fill(pad, 'x');
    String filler = new String(pad);
    long start = System.nanoTime();
    for (int i = 0; i < count; i += 100) {
      List<Future<Integer>> batch = new ArrayList<>();
      for (int j = i; j < Math.min(count, i + 100); j++) {
        if (rate > 0) {
          long due = start + (long) (j * (1e9 / rate));
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
        }
        Buffer payload = new JsonObject().put("seq", j).put("t", System.nanoTime()).put("pad", filler).toBuffer();
        batch.add(publisher.publish(topic, payload, MqttQoS.AT_MOST_ONCE, false, false));
      }
      await(Future.all(batch));
    }
  }

  /** Waits until the count has not moved for a second. */
  static void quiet(AtomicInteger count) throws InterruptedException {
    int before = -1;
    while (count.get() != before) {
      before = count.get();
      Thread.sleep(1000);
    }
  }

  /** The heap in use after a few full collections. */
  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Waits until the condition holds, at most 30 s. */
  static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
  }

  /** The future's value, within 120 s. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
