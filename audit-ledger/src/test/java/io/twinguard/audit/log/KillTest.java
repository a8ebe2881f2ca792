package io.twinguard.audit.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM appends with many records in flight and is killed with SIGKILL; after
 * a restart every record it acknowledged is present at its index and the log verifies.
 */
class KillTest {

  @TempDir Path dir;

  /** A failed run may leave the killed child's PostgreSQL running: opening the log stops it. */
  @AfterEach
  void stopOrphanedDatabase() {
    if (java.nio.file.Files.exists(dir.resolve("pgdata").resolve("postmaster.pid"))) {
      Vertx vertx = Vertx.vertx();
      try {
        AuditLog.open(vertx, LogConfig.embeddedIn(dir)).compose(AuditLog::close).await();
      } finally {
        vertx.close().await();
      }
    }
  }

  @Test
  void kill_duringAppends_keepsEveryAcknowledgedRecordAndVerifies() throws Exception {
    Map<Long, String> acked = new LinkedHashMap<>();
    runAndKill(0, 400, acked);
    runAndKill(1_000_000, 300, acked);

    Vertx vertx = Vertx.vertx();
    try {
      AuditLog log = AuditLog.open(vertx, LogConfig.embeddedIn(dir)).await();
      try {
        VerifyReport report = log.verify().await();
        assertEquals(java.util.List.of(), report.problems());
        for (Map.Entry<Long, String> ack : acked.entrySet()) {
          byte[] leaf = log.leaf(ack.getKey()).await().orElseThrow(
              () -> new AssertionError("acknowledged leaf " + ack.getKey() + " is missing"));
          assertEquals(
              ack.getValue(),
              new JsonObject(new String(leaf, StandardCharsets.UTF_8)).getString("decision_id"),
              "leaf " + ack.getKey());
        }
        assertTrue(report.leaves() >= acked.size());
      } finally {
        log.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  private static void sigkill(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -KILL " + pid);
  }

  /** Starts the child, waits for at least {@code acks} acknowledgements, kills it with SIGKILL. */
  private void runAndKill(long first, int acks, Map<Long, String> acked)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KillTarget.class.getName(),
                dir.toString(),
                Long.toString(first))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int seen = 0;
    boolean killed = false;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("ack ")) {
          String[] parts = line.split(" ");
          String previous = acked.put(Long.parseLong(parts[1]), parts[2]);
          assertEquals(null, previous, "index " + parts[1] + " acknowledged twice");
          seen++;
          if (seen >= acks && !killed) {
            // SIGKILL: no shutdown hook runs; unlike destroyForcibly it leaves the pipe open so
            // that the acknowledgements already written can still be read
            sigkill(child.pid());
            killed = true;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
    }
    assertTrue(killed, "child ended before it was killed, after " + seen + " acks");
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
  }
}
