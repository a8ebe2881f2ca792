package io.twinguard.audit.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestRecords;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.merkle.ProofException;
import io.twinguard.audit.merkle.ProofVerifier;
import io.twinguard.audit.merkle.Rfc9162;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compliance queries over 300 records in one embedded PostgreSQL, through the service and REST. */
class QueryTest {

  static final int SIZE = 300;

  @TempDir static Path dir;
  static Vertx vertx;
  static AuditLog log;
  static QueryService service;

  @BeforeAll
  static void open() {
    vertx = Vertx.vertx();
    log = AuditLog.open(vertx, LogConfig.embeddedIn(dir).withBatching(64, Duration.ofMillis(2))).await();
    List<Future<?>> appends = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      appends.add(log.append(TestRecords.decision(i)));
    }
    Future.all(appends).await();
    service = new QueryService(log);
  }

  @AfterAll
  static void close() {
    log.close().await();
    vertx.close().await();
  }

  @Test
  void query_bySubject_pagesThroughEveryMatchWithValidProofs() throws ProofException {
    AuditQuery query = AuditQuery.all().withSubject("subject-2").withPage(Optional.empty(), 25);
    List<Long> indices = new ArrayList<>();
    Optional<Long> after = Optional.empty();
    int pages = 0;
    do {
      QueryPage page = service.query(query.withPage(after, 25)).await();
      byte[] root = page.checkpoint().orElseThrow().checkpoint().rootHash();
      for (ProvedRecord r : page.records()) {
        assertEquals("subject-2", r.record().getJsonArray("subjects").getString(0));
        ProofVerifier.verifyInclusion(r.index(), SIZE, Rfc9162.leafHash(r.leaf()), r.inclusionPath(), root);
        indices.add(r.index());
      }
      after = page.next();
      pages++;
    } while (after.isPresent());

    assertEquals(SIZE / 5, indices.size());
    assertEquals(3, pages);
    assertTrue(indices.stream().allMatch(i -> i % 5 == 2));
  }

  @Test
  void query_byEachFilter_findsExactlyTheMatchingRecords() {
    assertEquals(SIZE / 3, count(AuditQuery.all().withCaller("spiffe://city.example/twin/caller-1")));
    assertEquals(SIZE / 2, count(AuditQuery.all().withPurpose("dpv:Marketing")));
    assertEquals(SIZE / 4, count(AuditQuery.all().withReasonCode("consent_missing")));
    assertEquals(SIZE / 4, count(AuditQuery.all().withOutcome("deny")));
    assertEquals(
        10,
        count(
            AuditQuery.all()
                .withTimeRange(
                    Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T00:00:20Z"))));
    assertEquals(
        10, count(AuditQuery.all().withSubject("subject-1").withPurpose("dpv:Marketing").withCaller("spiffe://city.example/twin/caller-0")));
  }

  private static int count(AuditQuery query) {
    int total = 0;
    Optional<Long> after = Optional.empty();
    do {
      QueryPage page = service.query(query.withPage(after, AuditQuery.MAX_LIMIT)).await();
      total += page.records().size();
      after = page.next();
    } while (after.isPresent());
    return total;
  }
}
