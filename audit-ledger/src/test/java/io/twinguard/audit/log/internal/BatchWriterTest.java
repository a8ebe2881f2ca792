package io.twinguard.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.merkle.CompactRange;
import io.twinguard.audit.merkle.Rfc9162;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on a real PostgreSQL: writes run in the order they were given, whatever the thread. */
class BatchWriterTest {

  @TempDir Path dir;

  /** Successive one-record batches of a log, each continuing the one before. */
  private static final class Batches {
    private final NoteSigner signer = NoteSigner.fromSeed("twinguard.local/audit", new byte[32]);
    private final CompactRange range = CompactRange.empty();

    Future<Boolean> writeNext(BatchWriter writer) {
      long first = range.size();
      byte[] continued = range.root();
      AuditRecord record = TestRecords.decision(first);
      List<CompactRange.Node> nodes = new ArrayList<>(range.append(Rfc9162.leafHash(record.leaf())));
      Checkpoint checkpoint = new Checkpoint("twinguard.local/audit", range.size(), range.root());
      return writer.write(first, continued, List.of(record), nodes,
          new SignedCheckpoint(checkpoint, signer.sign(checkpoint.text())));
    }
  }

  @Test
  void write_givenFromAnotherThreadThenFromTheConnectionsContext_runsInTheOrderGiven() throws Exception {
    Vertx vertx = Vertx.vertx();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (TestDatabase server = TestDatabase.start(dir.resolve("pg"));
        Database database = Database.start(new LogConfig(Optional.of(server.uri()), dir, "twinguard.local/audit",
            dir.resolve("key.pem"), 1, Duration.ZERO, 1))) {
      BatchWriter writer = new BatchWriter(vertx, database.connectOptions(), generation -> { });
      within(writer.reconnect(0));
      Batches batches = new Batches();
      Context connection = within(batches.writeNext(writer).map(written -> Vertx.currentContext()));

      Promise<List<Boolean>> both = Promise.promise();
      connection.runOnContext(v -> {
        try {
          // given from elsewhere first, then from the connection's own context: the second continues the first
          Future<Boolean> first = other.submit(() -> batches.writeNext(writer)).get(1, TimeUnit.MINUTES);
          Future<Boolean> second = batches.writeNext(writer);
          Future.all(first, second).map(all -> List.of(first.result(), second.result())).onComplete(both);
        } catch (Exception e) {
          both.fail(e);
        }
      });

      assertEquals(List.of(true, true), within(both.future()), "both written, the second after the first");
      within(writer.close());
    } finally {
      other.shutdown();
      vertx.close().await();
    }
  }

  private static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
