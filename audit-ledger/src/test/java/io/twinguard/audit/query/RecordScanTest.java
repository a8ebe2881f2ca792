package io.twinguard.audit.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.audit.TestRecords;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.PolicyRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk reads of one kind of record over 120 decisions and 3 policy records on an embedded PostgreSQL. */
class RecordScanTest {

  @TempDir static Path dir;
  static Vertx vertx;
  static AuditLog log;
  static RecordScan scan;

  @BeforeAll
  static void open() {
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(64, Duration.ofMillis(2))).await();
    // appended one at a time, so that leaf i is decision i, with a policy record after every 50
    for (int i = 0; i < 120; i++) {
      log.append(TestRecords.decision(i)).await();
      if (i % 50 == 0) {
        log.append(AuditRecord.of(new PolicyRecord(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
            "spiffe://city.example/admin", PolicyRecord.Action.UPLOAD, "rev-" + i,
            "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:", null))).await();
      }
    }
    scan = new RecordScan(log);
  }

  @AfterAll
  static void close() {
    log.close().await();
    vertx.close().await();
  }

  @Test
  void page_decisionsInATimeRange_pagesThroughExactlyThoseInIndexOrder() {
    Instant from = Instant.parse("2026-01-01T00:00:10Z");
    Instant to = Instant.parse("2026-01-01T00:01:40Z");
    List<String> ids = new ArrayList<>();
    Optional<Long> after = Optional.empty();
    int pages = 0;
    do {
      RecordScan.Page page = scan.page("decision", Optional.of(from), Optional.of(to), after, 25).await();
      page.records().forEach(r -> ids.add(new JsonObject(r.json()).getString("decision_id")));
      after = page.next();
      pages++;
    } while (after.isPresent());

    assertEquals(LongStream.range(10, 100).mapToObj(i -> "dec-" + i).toList(), ids);
    assertEquals(4, pages);
  }

  @Test
  void page_policyRecords_findsOnlyThem() {
    RecordScan.Page page = scan.page("policy", Optional.empty(), Optional.empty(), Optional.empty(), 100).await();

    assertEquals(List.of("rev-0", "rev-50", "rev-100"),
        page.records().stream().map(r -> new JsonObject(r.json()).getString("revision")).toList());
    assertEquals(Optional.empty(), page.next());
  }

  @Test
  void page_limitOutOfRange_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> scan.page("decision", Optional.empty(), Optional.empty(), Optional.empty(), 0));
  }
}
