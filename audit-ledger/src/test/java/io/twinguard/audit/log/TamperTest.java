package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampers with the stored log directly in PostgreSQL, as an insider with database access could, and
 * checks that verify catches each change and names the first bad index. Each test restores the
 * tables from a copy taken after the appends.
 */
class TamperTest {

  static final int SIZE = 300;

  @TempDir static Path dir;
  static Vertx vertx;
  static AuditLog log;

  @BeforeAll
  static void open() {
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(16, Duration.ofMillis(2))).await();
    List<Future<Appended>> appends = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      appends.add(log.append(TestRecords.decision(i)));
    }
    Future.all(appends).await();
    sql("CREATE TABLE leaf_copy AS SELECT * FROM log_leaf");
    sql("CREATE TABLE node_copy AS SELECT * FROM log_node");
    sql("CREATE TABLE checkpoint_copy AS SELECT * FROM log_checkpoint");
  }

  @AfterEach
  void restore() {
    sql("TRUNCATE log_leaf, log_node, log_checkpoint");
    sql("INSERT INTO log_leaf SELECT * FROM leaf_copy");
    sql("INSERT INTO log_node SELECT * FROM node_copy");
    sql("INSERT INTO log_checkpoint SELECT * FROM checkpoint_copy");
  }

  @AfterAll
  static void close() {
    log.close().await();
    vertx.close().await();
  }

  @Test
  void verify_untouchedLog_isIntact() {
    VerifyReport report = log.verify().await();

    assertEquals(List.of(), report.problems());
    assertEquals(SIZE, report.leaves());
    assertTrue(report.checkpoints() > 1, "several batches, several checkpoints");
  }

  @Test
  void verify_editedLeaf_namesItsIndex() {
    sql("UPDATE log_leaf SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), '\"deny\"', '\"allow\"'), 'UTF8') WHERE idx = 40");

    VerifyReport report = log.verify().await();

    assertEquals(Optional.of(40L), report.firstBadIndex(), report.problems().toString());
  }

  @Test
  void verify_deletedLeaf_namesItsIndex() {
    sql("DELETE FROM log_leaf WHERE idx = 123");

    VerifyReport report = log.verify().await();

    assertEquals(Optional.of(123L), report.firstBadIndex(), report.problems().toString());
    assertInstanceOf(VerifyProblem.MissingLeaf.class, report.problems().get(0));
  }

  @Test
  void verify_deletedTail_namesTheFirstMissingIndex() {
    sql("DELETE FROM log_leaf WHERE idx >= 290");

    VerifyReport report = log.verify().await();

    assertEquals(Optional.of(290L), report.firstBadIndex(), report.problems().toString());
  }

  @Test
  void verify_reorderedLeaves_namesTheFirstMovedIndex() {
    sql("UPDATE log_leaf SET idx = 1000000 WHERE idx = 10");
    sql("UPDATE log_leaf SET idx = 10 WHERE idx = 11");
    sql("UPDATE log_leaf SET idx = 11 WHERE idx = 1000000");

    VerifyReport report = log.verify().await();

    assertEquals(Optional.of(10L), report.firstBadIndex(), report.problems().toString());
  }

  @Test
  void verify_leafEditedTogetherWithItsStoredHashes_isCaughtByTheSignedRoot() {
    // an insider who also rewrites the stored leaf hash is still caught: the recomputed root
    // differs from the signed one
    sql("UPDATE log_leaf SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), '\"deny\"', '\"allow\"'), 'UTF8') WHERE idx = 40");
    sql("UPDATE log_node n SET hash = sha256('\\x00'::bytea || l.leaf) FROM log_leaf l WHERE n.level = 0 AND n.idx = 40 AND l.idx = 40");

    VerifyReport report = log.verify().await();

    assertTrue(
        report.problems().stream().anyMatch(p -> p instanceof VerifyProblem.RootMismatch),
        report.problems().toString());
    assertEquals(Optional.of(40L), report.firstBadIndex(), report.problems().toString());
  }

  @Test
  void verify_checkpointWithForgedRoot_isRefusedBySignature() {
    sql("UPDATE log_checkpoint SET note = regexp_replace(note, '\\n[A-Za-z0-9+/]{43}=\\n', E'\\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\\n') WHERE size = (SELECT min(size) FROM log_checkpoint WHERE size > 100)");

    VerifyReport report = log.verify().await();

    assertTrue(
        report.problems().stream().anyMatch(p -> p instanceof VerifyProblem.BadSignature),
        report.problems().toString());
  }

  private static void sql(String statement) {
    log.pool().query(statement).execute().await();
  }
}
