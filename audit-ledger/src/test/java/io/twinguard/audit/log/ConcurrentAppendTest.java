package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.PostgresPerClass;
import io.twinguard.audit.TestRecords;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Appends from many Vert.x contexts and threads at once with batches in flight (small batches, so
 * that many go): every append acknowledged, indices dense, each context's acknowledgements on that
 * context in index order, and a log that verifies. One embedded PostgreSQL for the class, a
 * database of its own per test.
 */
class ConcurrentAppendTest extends PostgresPerClass {

  @TempDir Path dir;
  LogConfig config;
  AuditLog log;

  @BeforeEach
  void configure() {
    config = new LogConfig(Optional.of(database.newDatabase()), dir, "twinguard.local/audit",
        dir.resolve("key.pem"), 64, Duration.ofMillis(5));
  }

  @AfterEach
  void closeLog() {
    if (log != null) {
      log.close().await();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void append_fromTwoContextsWithBatchesInFlight_completesOnEachCallersContextInIndexOrder(int inFlight)
      throws Exception {
    log = AuditLog.open(vertx, config.withBatching(8, Duration.ofMillis(1)).withInFlight(inFlight)).await();
    int perContext = 300;
    Context[] contexts = {vertx.getOrCreateContext(), vertx.getOrCreateContext()};
    List<List<Long>> acknowledged = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    List<Boolean> onCaller = new CopyOnWriteArrayList<>();
    Promise<Void> all = Promise.promise();
    for (int c = 0; c < 2; c++) {
      Context context = contexts[c];
      List<Long> mine = acknowledged.get(c);
      int base = c * perContext;
      context.runOnContext(v -> {
        for (int i = 0; i < perContext; i++) {
          log.append(TestRecords.decision(base + i)).onComplete(ar -> {
            if (ar.failed()) {
              all.tryFail(ar.cause());
              return;
            }
            mine.add(ar.result().index());
            onCaller.add(Vertx.currentContext() == context);
            if (onCaller.size() == 2 * perContext) {
              all.tryComplete();
            }
          });
        }
      });
    }
    within(all.future());

    Set<Long> indices = new HashSet<>();
    for (List<Long> mine : acknowledged) {
      for (int i = 1; i < mine.size(); i++) {
        assertTrue(mine.get(i - 1) < mine.get(i), "acknowledged in index order on one context: " + mine);
      }
      indices.addAll(mine);
    }
    assertEquals(2 * perContext, indices.size());
    assertTrue(indices.stream().allMatch(i -> i >= 0 && i < 2 * perContext), "dense");
    assertTrue(onCaller.stream().allMatch(b -> b), "every append completed on its caller's context");
    VerifyReport report = log.verify().await();
    assertEquals(List.of(), report.problems());
    assertEquals(2 * perContext, report.leaves());
  }

  @Test
  void append_fromManyThreadsAndContextsWithBatchesInFlight_neverFailsAndStaysDense() throws Exception {
    log = AuditLog.open(vertx, config.withBatching(4, Duration.ZERO).withInFlight(4)).await();
    int perCaller = 250;
    List<Future<Appended>> futures = new CopyOnWriteArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<java.util.concurrent.Future<?>> callers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int base = t * perCaller;
      callers.add(threads.submit(() -> {
        for (int i = 0; i < perCaller; i++) {
          futures.add(log.append(TestRecords.decision(base + i)));
        }
      }));
    }
    for (int c = 2; c < 4; c++) {
      int base = c * perCaller;
      Promise<Void> issued = Promise.promise();
      vertx.getOrCreateContext().runOnContext(v -> {
        for (int i = 0; i < perCaller; i++) {
          futures.add(log.append(TestRecords.decision(base + i)));
        }
        issued.complete();
      });
      within(issued.future());
    }
    for (var caller : callers) {
      caller.get(1, TimeUnit.MINUTES);
    }
    threads.shutdown();
    within(Future.join(futures));

    assertTrue(futures.stream().allMatch(Future::succeeded), "no batch failed");
    assertEquals(4 * perCaller, futures.stream().map(f -> f.result().index()).distinct().count());
    VerifyReport report = log.verify().await();
    assertEquals(List.of(), report.problems());
    assertEquals(4 * perCaller, report.leaves());
  }

  /** Waits for a future, at most long enough for a stuck one to fail the test rather than hang it. */
  private static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
