package io.twinguard.audit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.TestDatabase;
import io.twinguard.audit.TestRecords;
import io.twinguard.audit.log.Accepted;
import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinguard audit proof --hash} and {@code verify} on a log that shared writers wrote: the
 * audit reference a shared writer answers with (its leaf hash) leads to the leaf's proof.
 */
class ProofByHashCliTest {

  private static final String ORIGIN = "city.example/audit";

  @TempDir Path dir;

  @Test
  void proof_hashOfAnIntegratedLeaf_printsItsIndexAndAnUnknownHashFailsAndVerifyIsClean() throws Exception {
    try (TestDatabase server = TestDatabase.start(dir.resolve("pg"))) {
      String uri = server.newDatabase();
      Vertx vertx = Vertx.vertx();
      Accepted accepted;
      Appended appended;
      try {
        LogConfig config = new LogConfig(Optional.of(uri), dir, ORIGIN, dir.resolve("audit-log-key.pem"), 16,
            Duration.ofMillis(1), 2).shared(Duration.ofMillis(100), Duration.ofMinutes(1));
        AuditLog log = AuditLog.open(vertx, config).await();
        try {
          for (int i = 0; i < 5; i++) {
            log.append(TestRecords.decision(i)).await();
          }
          accepted = log.accept(TestRecords.decision(5)).await();
          appended = log.integrated(accepted).await();
        } finally {
          log.close().await();
        }
      } finally {
        vertx.close().await();
      }

      Cli proof = Cli.run(args(uri, "proof", "--hash", accepted.reference()));
      Cli unknown = Cli.run(args(uri, "proof", "--hash", "00".repeat(32)));
      Cli verify = Cli.run(args(uri, "verify"));

      assertEquals(0, proof.exitCode(), proof.err());
      assertTrue(proof.out().contains("index: " + appended.index() + "\n"), proof.out());
      assertTrue(proof.out().contains("leaf hash: " + Base64.getEncoder().encodeToString(accepted.leafHash())),
          proof.out());
      assertEquals(1, unknown.exitCode());
      assertTrue(unknown.err().contains("no integrated leaf has the hash " + "00".repeat(32)), unknown.err());
      assertEquals(0, verify.exitCode(), verify.err() + verify.out());
    }
  }

  @Test
  void proof_malformedHash_isAUsageErrorNamingTheOption() {
    Cli cli = Cli.run("proof", "--hash", "abc", "--db-url", "postgresql://postgres@127.0.0.1:1/none",
        "--data-dir", dir.toString());

    assertEquals(2, cli.exitCode());
    assertTrue(cli.err().contains("--hash must be 64 hex digits, not 'abc'"), cli.err());
  }

  private String[] args(String uri, String... command) {
    return Stream.concat(List.of(command).stream(),
        List.of("--db-url", uri, "--data-dir", dir.toString(), "--origin", ORIGIN).stream()).toArray(String[]::new);
  }
}
