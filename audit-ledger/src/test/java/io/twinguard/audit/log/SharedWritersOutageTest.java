package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped under two shared writers and started again on the same data: what they are
 * given meanwhile fails (no wait beyond a bound), what they are given after is accepted and
 * integrated, and the log verifies with every accepted record once.
 */
class SharedWritersOutageTest {

  private static final int WRITERS = 2;

  @TempDir Path dir;

  @Test
  void accept_whilePostgresIsStopped_failsThenAcceptsAndIntegratesOnceItIsBack() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres postgres = start(port);
    try (SharedLogs shared = new SharedLogs("postgresql://postgres@127.0.0.1:" + port + "/postgres", dir, WRITERS, 16)) {
      List<List<Accepted>> accepted = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        accepted.add(new ArrayList<>(SharedLogs.all(shared.accept(w, w * 10_000L, 50))));
      }
      for (int w = 0; w < WRITERS; w++) {
        SharedLogs.all(accepted.get(w).stream().map(shared.logs.get(w)::integrated).toList());
      }

      postgres.close();
      int failed = 0;
      for (int w = 0; w < WRITERS; w++) {
        for (Future<Accepted> during : shared.accept(w, w * 10_000L + 50, 20)) {
          failed += SharedLogs.within(during.transform(ar -> Future.succeededFuture(ar.failed()))) ? 1 : 0;
        }
      }
      postgres = start(port);
      for (int w = 0; w < WRITERS; w++) {
        accepted.get(w).add(firstAcceptedAfter(shared, w, w * 10_000L + 70));
        accepted.get(w).addAll(SharedLogs.all(shared.accept(w, w * 10_000L + 1000, 50)));
      }

      assertEquals(WRITERS * 20, failed, "every append during the outage failed");
      shared.assertIntegratedOnce(Map.of(0, accepted.get(0), 1, accepted.get(1)));
    } finally {
      postgres.close();
    }
  }

  /**
   * A writer's pool may still hold a connection that died with the server: the first appends after
   * the restart may fail on it, so appends go one at a time until one is accepted (bounded).
   */
  private static Accepted firstAcceptedAfter(SharedLogs shared, int w, long from) throws Exception {
    Throwable last = null;
    for (long i = from; i < from + 100; i++) {
      Future<Accepted> attempt = shared.accept(w, i, 1).get(0);
      if (SharedLogs.within(attempt.transform(ar -> Future.succeededFuture(ar.succeeded())))) {
        return attempt.result();
      }
      last = attempt.cause();
    }
    throw new AssertionError("writer " + w + " accepted nothing in 100 appends after the restart", last);
  }

  /** Starts PostgreSQL on the test's data directory, creating it the first time; stopping keeps the data. */
  private EmbeddedPostgres start(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("pg"))
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("synchronous_commit", "on")
        .start();
  }
}
