package io.twinguard.tests.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.anchor.Anchor;
import io.twinguard.audit.anchor.AnchorReceipt;
import io.twinguard.audit.anchor.AnchoringOptions;
import io.twinguard.audit.anchor.AnchoringService;
import io.twinguard.audit.anchor.AnchoringStatus;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.StoredAnchor;
import io.twinguard.audit.anchor.internal.AnchorStore;
import io.twinguard.audit.cli.AuditCommand;
import io.twinguard.audit.log.Appended;
import io.twinguard.audit.log.AuditLog;
import io.twinguard.audit.log.LogConfig;
import io.twinguard.audit.log.SignedCheckpoint;
import io.twinguard.audit.log.internal.LogStore;
import io.twinguard.audit.record.AuditRecord;
import io.twinguard.audit.record.DecisionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit log anchored on a real Fabric network: the background {@link AnchoringService}, the
 * {@code log_anchor} table, {@code twinguard audit verify --fabric} against forks and rollbacks,
 * {@code twinguard audit anchors}, and a peer outage during which the log keeps appending.
 */
@ExtendWith(SharedFabric.class)
class AuditAnchoringTest {

  /** Anchor every 5 records or 100 ms; retry after 100 ms, at most every second. */
  private static final AnchoringOptions FAST = AnchoringOptions.DEFAULTS
      .withTrigger(5, Duration.ofMillis(100))
      .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  private static FabricTestNetwork fabric;
  private static FabricAnchorClient client;
  private static Vertx vertx;

  @BeforeAll
  static void startNetwork(FabricTestNetwork network) throws Exception {
    fabric = network;
    client = FabricAnchorClient.connect(fabric.network(), Duration.ofSeconds(3));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeClients() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void service_anchorsInTheBackground_storesTransactionsAndBlocks_andVerifyFabricPasses(@TempDir Path dir)
      throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    AnchoringService service = AnchoringService.start(vertx, log, client, FAST).await();
    List<StoredAnchor> stored;
    try {
      AnchoringService second = AnchoringService.start(vertx, log, client, FAST).await();
      assertTrue(service.status().anchoring());
      assertFalse(second.status().anchoring(), "one service anchors a log at a time: another waits");
      second.stop().await();

      appendRange(log, 0, 25);
      awaitAnchored(service, 25, Duration.ofSeconds(30));
      appendRange(log, 25, 12);
      awaitAnchored(service, 37, Duration.ofSeconds(30));

      stored = storedAnchors(log, 1, Long.MAX_VALUE);
      List<Anchor> onLedger = client.listAnchors(origin, 1, Long.MAX_VALUE);
      assertEquals(onLedger.size(), stored.size(), "every anchor is stored beside its checkpoint");
      for (int i = 0; i < stored.size(); i++) {
        Anchor anchor = onLedger.get(i);
        assertEquals(anchor.treeSize(), stored.get(i).treeSize());
        assertEquals(anchor.txId(), stored.get(i).txId());
        assertTrue(stored.get(i).blockNumber().orElseThrow() > 0);
        assertEquals(checkpointNote(log, anchor.treeSize()), anchor.checkpoint(),
            "the anchored note is the log's own checkpoint");
      }
      assertEquals(37, onLedger.get(onLedger.size() - 1).treeSize());
    } finally {
      service.stop().await();
      log.close().await();
    }

    Cli verify = cli(dir, origin, "verify", "--fabric");
    assertEquals(0, verify.exitCode(), verify.err());
    assertTrue(verify.out().contains("ok: 37 leaves"), verify.out());
    assertTrue(verify.out().contains("the log of tree size 37 extends all " + stored.size()
        + " checkpoints anchored on Fabric"), verify.out());

    Cli anchors = cli(dir, origin, "anchors");
    assertEquals(0, anchors.exitCode(), anchors.err());
    for (StoredAnchor row : stored) {
      assertTrue(anchors.out().lines().anyMatch(line -> line.startsWith(row.treeSize() + " ")
              && line.contains(" " + row.blockNumber().orElseThrow() + " ")
              && line.contains(row.txId())
              && line.endsWith("yes")),
          anchors.out());
    }
  }

  @Test
  void verifyFabric_recordRewrittenAfterItsAnchor_reportsForkAtThatAnchor(@TempDir Path dir) throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    try {
      anchorAt(log, 5);
      anchorAt(log, 10);
      log.pool().preparedQuery("UPDATE log_leaf SET leaf = $1 WHERE idx = 7")
          .execute(Tuple.of(Buffer.buffer(record(1000).leaf()))).await();
    } finally {
      log.close().await();
    }

    Cli verify = cli(dir, origin, "verify", "--fabric");

    assertEquals(1, verify.exitCode());
    assertTrue(verify.err().contains("fork: the local log parts from the anchor of tree size 10 (transaction "
        + client.listAnchors(origin, 10, 10).get(0).txId()
        + ") after agreeing with the anchor of tree size 5"), verify.err());
  }

  @Test
  void verifyFabric_subtreeRewrittenAfterAnchor_reportsForkFromTheConsistencyProof(@TempDir Path dir)
      throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    try {
      anchorAt(log, 5);
      appendRange(log, 5, 5);
      // the hash of leaves [0, 4), part of the consistency proof from 5 to 10; the leaves stay
      log.pool().preparedQuery("UPDATE log_node SET hash = $1 WHERE level = 2 AND idx = 0")
          .execute(Tuple.of(Buffer.buffer(new byte[32]))).await();
    } finally {
      log.close().await();
    }

    Cli verify = cli(dir, origin, "verify", "--fabric");

    assertEquals(1, verify.exitCode());
    assertTrue(verify.err().contains("fork: the local log parts from the anchor of tree size 5 (transaction "
        + client.getAnchor(origin).txId() + "): no consistency proof from it to the local checkpoint of tree size 10"),
        verify.err());
  }

  @Test
  void secondLogWithOtherRecordsUnderSameKeyAndOrigin_isNotAnchored_andVerifyFabricReportsFork(@TempDir Path dir)
      throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    Path first = dir.resolve("first");
    AuditLog log = open(first, origin);
    try {
      anchorAt(log, 5);
    } finally {
      log.close().await();
    }
    Path second = dir.resolve("second");
    Files.createDirectories(second);
    Files.copy(first.resolve("audit-log-key.pem"), second.resolve("audit-log-key.pem"));
    AuditLog other = open(second, origin);
    try {
      appendRange(other, 500, 7);
      AnchoringService service = AnchoringService.start(vertx, other, client, FAST).await();
      try {
        await(() -> service.status().failures() > 0, Duration.ofSeconds(30), "the service refuses the fork");
        assertTrue(service.status().lastFailure().orElseThrow().contains("does not extend the anchor of tree size 5"),
            service.status().toString());
      } finally {
        service.stop().await();
      }
      assertEquals(5, client.getAnchor(origin).treeSize(), "the forked checkpoint was not anchored");
    } finally {
      other.close().await();
    }

    Cli verify = cli(second, origin, "verify", "--fabric");

    assertEquals(1, verify.exitCode());
    assertTrue(verify.out().contains("ok: 7 leaves"), "the second log is sound on its own: " + verify.out());
    assertTrue(verify.err().contains("fork: the local log parts from the anchor of tree size 5 (transaction "),
        verify.err());
  }

  @Test
  void verifyFabric_logTruncatedBelowAnAnchor_reportsRollback(@TempDir Path dir) throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    try {
      anchorAt(log, 5);
      anchorAt(log, 10);
      for (String sql : new String[] {
          "DELETE FROM log_leaf WHERE idx >= 5",
          "DELETE FROM log_checkpoint WHERE size > 5",
          "DELETE FROM log_node WHERE (idx + 1) * (1::bigint << level) > 5"}) {
        log.pool().query(sql).execute().await();
      }
    } finally {
      log.close().await();
    }

    Cli verify = cli(dir, origin, "verify", "--fabric");

    assertEquals(1, verify.exitCode());
    assertTrue(verify.out().contains("ok: 5 leaves"), "the truncated log is sound on its own: " + verify.out());
    assertTrue(verify.err().contains("rollback: the local log has 5 records but Fabric anchored tree size 10"
        + " (transaction " + client.listAnchors(origin, 10, 10).get(0).txId() + "); they part at tree size 6"),
        verify.err());
  }

  @Test
  void start_whileAnotherServiceAnchors_waitsAndTakesOverWhenItStops_anchoringWhatItLeft(@TempDir Path dir)
      throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    AnchoringService first = AnchoringService.start(vertx, log, client, FAST).await();
    AnchoringService standby = AnchoringService.start(vertx, log, client, FAST).await();
    try {
      appendRange(log, 0, 10);
      awaitAnchored(first, 10, Duration.ofSeconds(30));
      assertFalse(standby.status().anchoring());
      assertEquals(0, standby.status().anchoredSize(), "a standby does not anchor");

      first.stop().await();
      appendRange(log, 10, 7);

      awaitAnchored(standby, 17, Duration.ofSeconds(30));
      assertTrue(standby.status().anchoring());
      assertEquals(17, client.getAnchor(origin).treeSize(), "the ledger holds what the first service left");
      assertEquals(checkpointNote(log, 17), client.getAnchor(origin).checkpoint());
      List<Long> stored = storedAnchors(log, 1, Long.MAX_VALUE).stream().map(StoredAnchor::treeSize).toList();
      assertEquals(17L, stored.get(stored.size() - 1), "stored by the service that took over: " + stored);
    } finally {
      standby.stop().await();
      log.close().await();
    }
  }

  @Test
  void service_peerStopped_appendsGoOn_andAnchorsCatchUpAfterItsReturn_andAfterARestart(@TempDir Path dir)
      throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    AnchoringService service = AnchoringService.start(vertx, log, client, FAST).await();
    try {
      appendRange(log, 0, 5);
      awaitAnchored(service, 5, Duration.ofSeconds(30));

      fabric.stopPeer();
      try {
        // appends do not wait on anchoring: each completes, durable under a signed checkpoint,
        // while the anchored size is still 5
        List<Appended> appended = new ArrayList<>();
        List<Long> anchoredWhenDurable = new ArrayList<>();
        for (long i = 5; i < 45; i++) {
          appended.add(within(log.append(record(i))
              .onSuccess(a -> anchoredWhenDurable.add(service.status().anchoredSize()))));
        }
        await(() -> service.status().failures() > 0, Duration.ofSeconds(30), "an anchoring attempt fails");

        AnchoringStatus down = service.status();
        assertEquals(5, down.anchoredSize());
        assertTrue(down.lastFailure().isPresent());
        assertEquals(LongStream.range(5, 45).boxed().toList(), appended.stream().map(Appended::index).toList());
        assertTrue(appended.stream().allMatch(a -> a.checkpoint().size() > a.index()));
        assertEquals(List.of(5L), anchoredWhenDurable.stream().distinct().toList());
        assertEquals(45, log.latestCheckpoint().await().orElseThrow().size());
      } finally {
        fabric.startPeer();
      }

      awaitAnchored(service, 45, Duration.ofSeconds(60));
      assertEquals(45, client.getAnchor(origin).treeSize());
      assertEquals(Optional.empty(), service.status().lastFailure());
    } finally {
      service.stop().await();
      log.close().await();
    }

    AuditLog reopened = open(dir, origin);
    AnchoringService resumed = AnchoringService.start(vertx, reopened, client, FAST).await();
    try {
      assertEquals(45, resumed.status().anchoredSize(), "resumes from the stored anchors");
      appendRange(reopened, 45, 3);
      awaitAnchored(resumed, 48, Duration.ofSeconds(30));
      assertEquals(48, client.getAnchor(origin).treeSize());
    } finally {
      resumed.stop().await();
      reopened.close().await();
    }
  }

  @Test
  void service_checkpointOnTheLedgerButNotStored_recordsItWithoutSendingItAgain(@TempDir Path dir)
      throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    AnchorReceipt byHand;
    try {
      byHand = anchorAt(log, 5); // as if a process committed it and died before storing the receipt
      Anchor onLedger = client.getAnchor(origin);
      AnchoringService service = AnchoringService.start(vertx, log, client, FAST).await();
      try {
        awaitAnchored(service, 5, Duration.ofSeconds(30));
        StoredAnchor row = storedAnchors(log, 5, 5).get(0);
        assertEquals(onLedger.txId(), row.txId());
        assertEquals(OptionalLong.empty(), row.blockNumber(), "the block of a found anchor is unknown");
        assertEquals(1, client.listAnchors(origin, 1, Long.MAX_VALUE).size(), "nothing was sent again");

        appendRange(log, 5, 5);
        awaitAnchored(service, 10, Duration.ofSeconds(30));
        assertEquals(10, client.getAnchor(origin).treeSize());
      } finally {
        service.stop().await();
      }
    } finally {
      log.close().await();
    }

    Cli anchors = cli(dir, origin, "anchors");
    assertEquals(0, anchors.exitCode(), anchors.err());
    assertTrue(anchors.out().lines().anyMatch(line -> line.startsWith("5 ")
            && line.contains(" " + byHand.blockNumber() + " ") && line.contains(byHand.txId())
            && line.endsWith("yes")),
        "the block of a found anchor comes from the peer: " + anchors.out());
  }

  @Test
  void anchorCommand_anchorsTheNewestCheckpoint_andAgainIsANoOp(@TempDir Path dir) throws Exception {
    String origin = FabricAnchoringTest.newLogId();
    AuditLog log = open(dir, origin);
    try {
      appendRange(log, 0, 3);
    } finally {
      log.close().await();
    }

    Cli first = cli(dir, origin, "anchor");
    Cli again = cli(dir, origin, "anchor");

    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("anchored: tree size 3"), first.out());
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(1, client.listAnchors(origin, 1, Long.MAX_VALUE).size());
    assertEquals(3, client.getAnchor(origin).treeSize());
  }

  // --- helpers

  private static AuditLog open(Path dir, String origin) {
    LogConfig config = new LogConfig(
        Optional.empty(), dir, origin, dir.resolve("audit-log-key.pem"), 512, Duration.ofMillis(5));
    return AuditLog.open(vertx, config).await();
  }

  /** Appends records until the log has {@code size} and anchors its checkpoint by hand. */
  private static AnchorReceipt anchorAt(AuditLog log, long size) throws Exception {
    SignedCheckpoint latest = log.latestCheckpoint().await().orElse(null);
    long from = latest == null ? 0 : latest.size();
    appendRange(log, from, size - from);
    client.registerLog(log.origin(), log.verifierKey());
    SignedCheckpoint checkpoint = log.latestCheckpoint().await().orElseThrow();
    assertEquals(size, checkpoint.size());
    return client.anchor(log.origin(), checkpoint.note());
  }

  /** Appends records {@code from .. from + count - 1} at once, so they share a checkpoint. */
  static void appendRange(AuditLog log, long from, long count) {
    List<Future<?>> appends = new ArrayList<>();
    LongStream.range(from, from + count).forEach(i -> appends.add(log.append(record(i))));
    Future.all(appends).await();
  }

  private static String checkpointNote(AuditLog log, long size) {
    return new LogStore(log.pool()).checkpointsAfter(size - 1, 1).await().get(0).note();
  }

  private static List<StoredAnchor> storedAnchors(AuditLog log, long from, long to) {
    return new AnchorStore(log.pool()).between(from, to).await();
  }

  private static void awaitAnchored(AnchoringService service, long size, Duration timeout)
      throws InterruptedException {
    await(() -> service.status().anchoredSize() >= size, timeout,
        "anchored tree size " + size + " (status " + service.status() + ")");
    assertEquals(size, service.status().anchoredSize());
  }

  /** Waits for a future, at most long enough for a stuck one to fail the test rather than hang it. */
  private static <T> T within(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** A decision record of call i, as the broker records it. */
  static AuditRecord record(long i) {
    return AuditRecord.of(new DecisionRecord(
        "dec-" + i,
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
        "spiffe://city.example/twin/caller-" + (i % 3),
        "spiffe://city.example/twin/hvac-room-1",
        new DecisionRecord.BlockRef("data", "climate"),
        "read",
        "dpv:ServiceProvision",
        List.of("subject-" + (i % 5)),
        List.of("pd:Location"),
        true,
        List.of("consent-" + (i % 5)),
        "rev-1",
        "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:",
        DecisionRecord.Verdict.ALLOW,
        200,
        null,
        200,
        null,
        List.of(),
        List.of(),
        null));
  }

  private record Cli(int exitCode, String out, String err) {}

  /** Runs {@code twinguard audit ...} in this JVM against the log in {@code dir} and this network. */
  private static Cli cli(Path dir, String origin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data-dir", dir.toString(), "--origin", origin,
        "--fabric-dir", fabric.home().toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AuditCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new Cli(code, out.toString(), err.toString());
  }
}
