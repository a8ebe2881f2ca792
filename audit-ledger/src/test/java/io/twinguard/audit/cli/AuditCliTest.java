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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit commands against one PostgreSQL server for the class, given by URI; each test has a
 * database and a data directory of its own, and builds the log it needs.
 */
class AuditCliTest {

  @TempDir static Path serverDir;
  static TestDatabase server;
  static final AtomicInteger databases = new AtomicInteger();

  @TempDir Path dir;
  String dbUrl;

  @BeforeAll
  static void start() {
    server = TestDatabase.start(serverDir.resolve("pg"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A database of this test's own, by URI. */
  private String database() {
    if (dbUrl == null) {
      String name = "cli_" + databases.incrementAndGet();
      try (var sql = new SqlSession(server.uri())) {
        sql.execute("CREATE DATABASE " + name);
      }
      dbUrl = server.uri().replaceFirst("/postgres$", "/" + name);
    }
    return dbUrl;
  }

  private String[] args(String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of("--db-url", database(), "--data-dir", dir.toString(), "--origin", "city.example/audit"));
    return all.toArray(String[]::new);
  }

  /** This test's log with records 0 to 49. */
  private void logOf50() throws IOException {
    Cli append = Cli.run(args("append", "--file", records("records.jsonl", 0, 50).toString()));
    assertEquals(0, append.exitCode(), append.err());
  }

  @Test
  void key_printsTheSameParsableVerifierKeyEachTime() {
    Cli first = Cli.run(args("key"));
    Cli second = Cli.run(args("key"));

    assertEquals(0, first.exitCode(), first.err());
    NoteVerifierKey key = NoteVerifierKey.parse(first.out().strip());
    assertEquals("city.example/audit", key.name());
    assertEquals(first.out(), second.out());
  }

  @Test
  void append_validFile_printsASignedCheckpointCoveringIt() throws Exception {
    Path file = records("records.jsonl", 0, 50);

    Cli cli = Cli.run(args("append", "--file", file.toString()));

    assertEquals(0, cli.exitCode(), cli.err());
    NoteVerifierKey key = NoteVerifierKey.parse(Cli.run(args("key")).out().strip());
    Checkpoint checkpoint = Checkpoint.parse(NoteVerifier.open(cli.out(), List.of(key)).text());
    assertEquals(50, checkpoint.size());
  }

  @Test
  void append_fileWithABadLine_namesTheLineAndAppendsNothing() throws IOException {
    logOf50();
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
  void proof_json_verifiesWithTransparencyDevMerkleAndSumdbNote() throws Exception {
    logOf50();
    String key = Cli.run(args("key")).out().strip();
    for (int index : new int[] {0, 17, 49}) {
      Cli proof = Cli.run(args("proof", "--index", Integer.toString(index), "--json"));
      assertEquals(0, proof.exitCode(), proof.err());
      JsonObject json = new JsonObject(proof.out());
      assertEquals(index, json.getInteger("index"));
      assertEquals(50, json.getInteger("tree_size"));

      Proofcheck.Run run = Proofcheck.check(key, proof.out());
      assertEquals("ok", run.out().strip(), run.out());
      assertEquals(0, run.exitCode());
    }
  }

  @Test
  void proof_json_changedLeaf_isRefusedByTheGoVerifier() throws Exception {
    logOf50();
    String key = Cli.run(args("key")).out().strip();
    JsonObject json = new JsonObject(Cli.run(args("proof", "--index", "17", "--json")).out());
    String leaf = new String(Base64.getDecoder().decode(json.getString("leaf")), StandardCharsets.UTF_8);
    json.put("leaf", Base64.getEncoder()
        .encodeToString(leaf.replace("\"allow\"", "\"deny\"").getBytes(StandardCharsets.UTF_8)));

    Proofcheck.Run run = Proofcheck.check(key, json.encode());

    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.out().startsWith("refused:"), run.out());
  }

  @Test
  void proof_withoutIndex_isAUsageError() {
    assertEquals(2, Cli.run(args("proof")).exitCode());
  }

  @Test
  void proof_malformedHash_isAUsageErrorNamingTheOption() {
    Cli cli = Cli.run(args("proof", "--hash", "abc"));

    assertEquals(2, cli.exitCode());
    assertTrue(cli.err().contains("--hash must be 64 hex digits, not 'abc'"), cli.err());
  }

  @Test
  void proof_hashOfASingleWritersLeaf_failsNamingTheHash() throws IOException {
    logOf50();
    String hash = "00".repeat(32);

    Cli cli = Cli.run(args("proof", "--hash", hash));

    assertEquals(1, cli.exitCode());
    assertTrue(cli.err().contains("no integrated leaf has the hash " + hash), cli.err());
  }

  @Test
  void query_csvBySubject_exportsEveryMatchWithItsPath() throws IOException {
    logOf50();

    Cli cli = Cli.run(args("query", "--subject", "subject-3", "--format", "csv"));

    assertEquals(0, cli.exitCode(), cli.err());
    List<String> rows = cli.out().lines().toList();
    assertEquals(1 + 10, rows.size(), cli.out());
    assertTrue(rows.get(1).startsWith("3,"), rows.get(1));
  }

  @Test
  void query_jsonPage_carriesNextAndCheckpoint() throws IOException {
    logOf50();

    Cli cli = Cli.run(args("query", "--reason", "consent_missing", "--limit", "5"));

    assertEquals(0, cli.exitCode(), cli.err());
    JsonObject page = new JsonObject(cli.out());
    assertEquals(5, page.getJsonArray("records").size());
    assertEquals(16, page.getLong("next"));
    assertTrue(page.getString("checkpoint").startsWith("city.example/audit\n50\n"));
  }

  @Test
  void verify_afterALeafIsDeleted_failsNamingTheFirstBadIndex() throws IOException {
    logOf50();
    try (var log = new SqlSession(database())) {
      log.execute("DELETE FROM log_leaf WHERE idx = 3");
    }

    Cli cli = Cli.run(args("verify"));

    assertEquals(1, cli.exitCode());
    assertTrue(cli.err().contains("first bad index: 3"), cli.err());
  }

  @Test
  void config_yamlFile_setsTheLogAndTheOptionsWinOverIt() throws IOException {
    Path config = dir.resolve("twinguard.yaml");
    Files.writeString(config, "data_dir: " + dir + "\ndb:\n  url: " + database() + "\nlog:\n  origin: file.example/audit\n");

    Cli fromFile = Cli.run("key", "--config", config.toString());
    Cli overridden = Cli.run("key", "--config", config.toString(), "--origin", "option.example/audit");

    assertEquals(0, fromFile.exitCode(), fromFile.err());
    assertEquals("file.example/audit", NoteVerifierKey.parse(fromFile.out().strip()).name());
    assertEquals("option.example/audit", NoteVerifierKey.parse(overridden.out().strip()).name());
  }

  @Test
  void config_namedByTwinguardConfigAndOverriddenByAVariable_isRead() throws IOException {
    Path config = dir.resolve("twinguard.yaml");
    Files.writeString(config, "data_dir: " + dir + "\nlog:\n  origin: file.example/audit\n");

    Cli fromFile = Cli.run(Map.of("TWINGUARD_CONFIG", config.toString()), "key");
    Cli fromVariable = Cli.run(Map.of("TWINGUARD_CONFIG", config.toString(), "TWINGUARD_LOG_ORIGIN", "env.example/audit"), "key");

    assertEquals("file.example/audit", NoteVerifierKey.parse(fromFile.out().strip()).name(), fromFile.err());
    assertEquals("env.example/audit", NoteVerifierKey.parse(fromVariable.out().strip()).name(), fromVariable.err());
  }

  @Test
  void config_unknownKeyOrVariable_isOneLineNamingItAndExitOne() throws IOException {
    Path config = dir.resolve("twinguard.yaml");
    Files.writeString(config, "log:\n  max_batchh: 5\n");

    Cli badKey = Cli.run("verify", "--config", config.toString(), "--data-dir", dir.toString());
    Cli badVariable = Cli.run(Map.of("TWINGUARD_LOG_ORIGN", "x"), args("verify"));

    assertEquals(1, badKey.exitCode());
    assertEquals("twinguard audit verify: unknown setting 'log.max_batchh' in " + config, badKey.err().strip());
    assertEquals(1, badVariable.exitCode());
    assertTrue(badVariable.err().strip().startsWith("twinguard audit verify: TWINGUARD_LOG_ORIGN names no setting"),
        badVariable.err());
  }

  @Test
  void config_propertiesFileLeftInTheDataDir_isRefusedRatherThanIgnored() throws IOException {
    Files.writeString(dir.resolve("twinguard.properties"), "db.url=postgresql://elsewhere/audit\n");

    Cli cli = Cli.run(args("key"));

    assertEquals(1, cli.exitCode());
    assertTrue(cli.err().startsWith("twinguard audit key: " + dir.resolve("twinguard.properties") + " is no longer read"),
        cli.err());
  }

  private Path records(String name, int from, int to) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = from; i < to; i++) {
      lines.append(TestRecords.decisionJson(i).encode()).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, lines.toString(), StandardCharsets.UTF_8);
    return file;
  }
}
