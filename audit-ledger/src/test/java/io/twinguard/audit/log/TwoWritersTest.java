package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes that append to one database by mistake cannot fork the log: the stale one's
 * commit fails on the leaf index, and it rereads the stored edge before its next batch.
 */
class TwoWritersTest {

  @TempDir Path dir;

  @Test
  void append_byAStaleSecondWriter_failsThenContinuesTheSameLog() {
    Vertx vertx = Vertx.vertx();
    try (TestDatabase database = TestDatabase.start(dir.resolve("pg"))) {
      LogConfig config =
          new LogConfig(
              Optional.of(database.uri()),
              dir,
              "twinguard.local/audit",
              dir.resolve("key.pem"),
              16,
              Duration.ofMillis(1));
      AuditLog first = AuditLog.open(vertx, config).await();
      AuditLog second = AuditLog.open(vertx, config).await();
      try {
        assertEquals(0, first.append(TestRecords.decision(0)).await().index());

        assertThrows(RuntimeException.class, () -> second.append(TestRecords.decision(1)).await());
        Appended retried = second.append(TestRecords.decision(1)).await();

        assertEquals(1, retried.index());
        assertEquals(2, retried.checkpoint().size());
        assertEquals(List.of(), first.verify().await().problems());
      } finally {
        first.close().await();
        second.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
