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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
  static HttpServer server;
  static WebClient client;

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
    server =
        vertx.createHttpServer()
            .requestHandler(AuditApi.router(vertx, log).await())
            .listen(0, "127.0.0.1")
            .await();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void close() {
    client.close();
    server.close().await();
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

  @Test
  void rest_records_returnsAPageWithProofsAndNext() {
    HttpResponse<Buffer> response =
        client.get(server.actualPort(), "127.0.0.1", "/audit/records?bundle_revision=rev-1&limit=30").send().await();

    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(30, body.getJsonArray("records").size());
    assertEquals(129, body.getLong("next"));
    assertEquals(SIZE, body.getLong("tree_size"));
    assertTrue(body.getString("checkpoint").startsWith("twinguard.local/audit\n300\n"));
  }

  @Test
  void rest_badParameters_areProblemJsonWithoutStackTrace() {
    for (String uri :
        List.of("/audit/records?limit=0", "/audit/records?outcome=maybe", "/audit/records?limit=abc", "/audit/records?from=yesterday")) {
      HttpResponse<Buffer> response = client.get(server.actualPort(), "127.0.0.1", uri).send().await();
      assertEquals(400, response.statusCode(), uri + ": " + response.bodyAsString());
      assertEquals("application/problem+json", response.getHeader("Content-Type"), uri);
      JsonObject problem = response.bodyAsJsonObject();
      assertEquals(400, problem.getInteger("status"));
      assertTrue(problem.getString("type").startsWith("https://"), problem.encode());
      assertTrue(!response.bodyAsString().contains("\tat "), response.bodyAsString());
    }
  }

  @Test
  void rest_unknownProofOrPath_isNotFoundProblem() {
    for (String uri : List.of("/audit/proof/100000", "/audit/nothing")) {
      HttpResponse<Buffer> response = client.get(server.actualPort(), "127.0.0.1", uri).send().await();
      assertEquals(404, response.statusCode(), uri);
      assertEquals("application/problem+json", response.getHeader("Content-Type"), uri);
    }
  }

  @Test
  void rest_proofAndCheckpointAndKey_areServed() throws ProofException {
    JsonObject proof =
        client.get(server.actualPort(), "127.0.0.1", "/audit/proof/7").send().await().bodyAsJsonObject();
    String checkpoint = client.get(server.actualPort(), "127.0.0.1", "/audit/checkpoint").send().await().bodyAsString();
    String key = client.get(server.actualPort(), "127.0.0.1", "/audit/key").send().await().bodyAsString();

    assertEquals(checkpoint, proof.getString("checkpoint"));
    assertEquals(log.verifierKey().encode(), key.strip());
    List<byte[]> path = new ArrayList<>();
    JsonArray hashes = proof.getJsonArray("inclusion_path");
    for (int i = 0; i < hashes.size(); i++) {
      path.add(Base64.getDecoder().decode(hashes.getString(i)));
    }
    ProofVerifier.verifyInclusion(
        7,
        SIZE,
        Rfc9162.leafHash(Base64.getDecoder().decode(proof.getString("leaf"))),
        path,
        log.latestCheckpoint().await().orElseThrow().checkpoint().rootHash());
  }

  @Test
  void rest_exportCsvAndJsonl_holdEveryMatchingRecord() {
    String csv =
        client.get(server.actualPort(), "127.0.0.1", "/audit/records?purpose=dpv:Marketing&format=csv")
            .send().await().bodyAsString();
    String jsonl =
        client.get(server.actualPort(), "127.0.0.1", "/audit/records?purpose=dpv:Marketing&format=jsonl")
            .send().await().bodyAsString();

    List<String> rows = csv.lines().toList();
    assertTrue(rows.get(0).startsWith("index,time,kind,decision_id"), rows.get(0));
    assertEquals(SIZE / 2 + 1, rows.size());
    assertTrue(rows.get(1).startsWith("1,2026-01-01T00:00:01Z,decision,dec-1,"), rows.get(1));
    List<String> lines = jsonl.lines().toList();
    assertEquals(SIZE / 2, lines.size());
    assertEquals(299, new JsonObject(lines.get(lines.size() - 1)).getLong("index"));
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
