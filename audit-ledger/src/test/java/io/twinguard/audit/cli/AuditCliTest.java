package io.twinguard.audit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteVerifier;
import io.twinguard.signing.note.NoteVerifierKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit commands against one PostgreSQL for the class, given by URI; the tests build on each
 * other's log, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditCliTest {

  @TempDir static Path dir;
  static TestDatabase database;

  @BeforeAll
  static void start() {
    database = TestDatabase.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  static String[] args(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(
        List.of(
            "--db-url", database.uri(),
            "--data-dir", dir.toString(),
            "--origin", "city.example/audit"));
    return all.toArray(String[]::new);
  }

  @Test
  @Order(1)
  void key_printsTheSameParsableVerifierKeyEachTime() {
    Cli first = Cli.run(args("key"));
    Cli second = Cli.run(args("key"));

    assertEquals(0, first.exitCode(), first.err());
    NoteVerifierKey key = NoteVerifierKey.parse(first.out().strip());
    assertEquals("city.example/audit", key.name());
    assertEquals(first.out(), second.out());
  }

  @Test
  @Order(2)
  void append_validFile_printsASignedCheckpointCoveringIt() throws Exception {
    Path file = records("records.jsonl", 0, 50);

    Cli cli = Cli.run(args("append", "--file", file.toString()));

    assertEquals(0, cli.exitCode(), cli.err());
    NoteVerifierKey key = NoteVerifierKey.parse(Cli.run(args("key")).out().strip());
    Checkpoint checkpoint = Checkpoint.parse(NoteVerifier.open(cli.out(), List.of(key)).text());
    assertEquals(50, checkpoint.size());
  }

  @Test
  @Order(3)
  void append_fileWithABadLine_namesTheLineAndAppendsNothing() throws IOException {
    Path file = dir.resolve("bad.jsonl");
    JsonObject bad = TestRecords.decisionJson(51);
    bad.remove("caller");
    Files.writeString(
        file, TestRecords.decisionJson(50).encode() + "\n" + bad.encode() + "\n", StandardCharsets.UTF_8);

    Cli cli = Cli.run(args("append", "--file", file.toString()));
    Cli verify = Cli.run(args("verify"));

    assertEquals(1, cli.exitCode());
    assertTrue(cli.err().contains("line 2") && cli.err().contains("caller"), cli.err());
    assertEquals(1, cli.err().lines().count(), cli.err());
    assertTrue(verify.out().contains("ok: 50 leaves"), verify.out() + verify.err());
  }

  @Test
  @Order(4)
  void proof_json_verifiesWithTransparencyDevMerkleAndSumdbNote() throws Exception {
    String key = Cli.run(args("key")).out().strip();
    for (int index : new int[] {0, 17, 49}) {
      Cli proof = Cli.run(args("proof", "--index", Integer.toString(index), "--json"));
      assertEquals(0, proof.exitCode(), proof.err());
      JsonObject json = new JsonObject(proof.out());
      assertEquals(index, json.getInteger("index"));
      assertEquals(50, json.getInteger("tree_size"));

      GoRun run = goProofcheck(key, proof.out());
      assertEquals("ok", run.out().strip(), run.out());
      assertEquals(0, run.exitCode());
    }
  }

  @Test
  @Order(5)
  void proof_json_changedLeaf_isRefusedByTheGoVerifier() throws Exception {
    String key = Cli.run(args("key")).out().strip();
    JsonObject json = new JsonObject(Cli.run(args("proof", "--index", "17", "--json")).out());
    String leaf = new String(java.util.Base64.getDecoder().decode(json.getString("leaf")), StandardCharsets.UTF_8);
    json.put(
        "leaf",
        java.util.Base64.getEncoder()
            .encodeToString(leaf.replace("\"allow\"", "\"deny\"").getBytes(StandardCharsets.UTF_8)));

    GoRun run = goProofcheck(key, json.encode());

    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.out().startsWith("refused:"), run.out());
  }

  @Test
  @Order(6)
  void proof_withoutIndex_isAUsageError() {
    assertEquals(2, Cli.run(args("proof")).exitCode());
  }

  @Test
  @Order(7)
  void query_csvBySubject_exportsEveryMatchWithItsPath() {
    Cli cli = Cli.run(args("query", "--subject", "subject-3", "--format", "csv"));

    assertEquals(0, cli.exitCode(), cli.err());
    List<String> rows = cli.out().lines().toList();
    assertEquals(1 + 10, rows.size(), cli.out());
    assertTrue(rows.get(1).startsWith("3,"), rows.get(1));
  }

  @Test
  @Order(8)
  void query_jsonPage_carriesNextAndCheckpoint() {
    Cli cli = Cli.run(args("query", "--reason", "consent_missing", "--limit", "5"));

    assertEquals(0, cli.exitCode(), cli.err());
    JsonObject page = new JsonObject(cli.out());
    assertEquals(5, page.getJsonArray("records").size());
    assertEquals(16, page.getLong("next"));
    assertTrue(page.getString("checkpoint").startsWith("city.example/audit\n50\n"));
  }

  @Test
  @Order(9)
  void verify_afterALeafIsDeleted_failsNamingTheFirstBadIndex() {
    try (var log = new SqlSession(database.uri())) {
      log.execute("DELETE FROM log_leaf WHERE idx = 3");
    }

    Cli cli = Cli.run(args("verify"));

    assertEquals(1, cli.exitCode());
    assertTrue(cli.err().contains("first bad index: 3"), cli.err());
  }

  private static Path records(String name, int from, int to) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = from; i < to; i++) {
      lines.append(TestRecords.decisionJson(i).encode()).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, lines.toString(), StandardCharsets.UTF_8);
    return file;
  }

  record GoRun(int exitCode, String out) {}

  /** Runs src/test/go with `go run`; fails, never skips, when go is missing. */
  private static GoRun goProofcheck(String key, String proofJson) throws IOException, InterruptedException {
    Path goDir = Path.of(System.getProperty("twinguard.root"), "audit-ledger", "src", "test", "go");
    ProcessBuilder builder = new ProcessBuilder("go", "run", ".", "-key", key)
        .directory(goDir.toFile())
        .redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().write(proofJson.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("go run did not finish: " + out);
    }
    return new GoRun(process.exitValue(), out);
  }
}
