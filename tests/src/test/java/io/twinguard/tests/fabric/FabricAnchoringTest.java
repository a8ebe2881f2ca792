package io.twinguard.tests.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.anchor.Anchor;
import io.twinguard.audit.anchor.AnchorException;
import io.twinguard.audit.anchor.AnchorReceipt;
import io.twinguard.audit.anchor.FabricAnchorClient;
import io.twinguard.audit.anchor.FabricNetwork;
import io.twinguard.audit.anchor.RegisteredLog;
import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Anchors signed checkpoints on a real Fabric network (orderer, peer and chaincode server started
 * by {@code scripts/fabric.sh}) through {@link FabricAnchorClient}.
 */
@ExtendWith(SharedFabric.class)
class FabricAnchoringTest {

  private static FabricTestNetwork fabric;
  private static FabricAnchorClient client;

  @BeforeAll
  static void startNetwork(FabricTestNetwork network) throws Exception {
    fabric = network;
    client = FabricAnchorClient.connect(fabric.network(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void chaincode_isCommittedOnTheChannel() throws Exception {
    String status = fabric.status();

    assertTrue(status.contains("committed      audit-anchor sequence 1 on twinguard"), status);
  }

  @Test
  void anchor_checkpointsOfIncreasingSize_areCommittedAndReadBack() throws Exception {
    String log = newLogId();
    NoteSigner signer = newSigner(log);
    RegisteredLog registered = client.registerLog(log, signer.verifierKey());
    assertEquals(-1, registered.lastTreeSize());
    assertEquals(signer.verifierKey(), registered.verifierKey());

    long previousBlock = -1;
    for (long size : new long[] {1, 5, 9}) {
      String note = signer.sign(new Checkpoint(log, size, root(size)).text());
      AnchorReceipt receipt = client.anchor(log, note);
      assertFalse(receipt.txId().isEmpty());
      assertTrue(receipt.blockNumber() > previousBlock, "blocks grow");
      previousBlock = receipt.blockNumber();
      assertEquals(size, receipt.anchor().treeSize());
      assertEquals(note, receipt.anchor().checkpoint());
      assertEquals(receipt.txId(), receipt.anchor().txId());
    }

    Anchor latest = client.getAnchor(log);
    assertEquals(9, latest.treeSize());
    assertEquals(new Checkpoint(log, 9, root(9)), Checkpoint.parse(
        latest.checkpoint().substring(0, latest.checkpoint().indexOf("\n\n") + 1)));
    assertEquals(List.of(1L, 5L, 9L), sizes(client.listAnchors(log, 0, Long.MAX_VALUE)));
    assertEquals(List.of(5L), sizes(client.listAnchors(log, 2, 8)));
    assertEquals(9, client.registerLog(log, signer.verifierKey()).lastTreeSize(), "registering again keeps the state");
  }

  @Test
  void anchor_badCheckpoints_areRefusedWithTheChaincodesReason() throws Exception {
    String log = newLogId();
    NoteSigner signer = newSigner(log);
    client.registerLog(log, signer.verifierKey());
    client.anchor(log, signer.sign(new Checkpoint(log, 10, root(10)).text()));

    String tampered = signer.sign(new Checkpoint(log, 11, root(11)).text()).replaceFirst("\n11\n", "\n12\n");
    assertRefused("checkpoint signature does not verify", () -> client.anchor(log, tampered));

    NoteSigner other = newSigner(log);
    assertRefused("is not signed by the verifier key",
        () -> client.anchor(log, other.sign(new Checkpoint(log, 11, root(11)).text())));

    assertRefused("malformed checkpoint", () -> client.anchor(log, log + "\n11\nnot a signed note\n"));

    assertRefused("tree size 10 of log '" + log + "' is not larger than the last anchored size 10",
        () -> client.anchor(log, signer.sign(new Checkpoint(log, 10, root(10)).text())));
    assertRefused("is not larger", () -> client.anchor(log, signer.sign(new Checkpoint(log, 3, root(3)).text())));

    assertEquals(10, client.getAnchor(log).treeSize(), "no refused checkpoint was stored");
  }

  @Test
  void registerLog_withAnotherKey_andQueriesOfUnknownLogs_areRefused() throws Exception {
    String log = newLogId();
    client.registerLog(log, newSigner(log).verifierKey());

    assertRefused("already registered with another verifier key",
        () -> client.registerLog(log, newSigner(log).verifierKey()));
    assertRefused("has no anchor yet", () -> client.getAnchor(log));
    assertRefused("is not registered", () -> client.getAnchor(newLogId()));
  }

  @Test
  void calls_toAPeerThatIsNotThere_failRetryablyAsUnavailable() throws Exception {
    FabricNetwork real = fabric.network();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    FabricNetwork nowhere = new FabricNetwork(real.channel(), real.chaincode(), real.mspId(),
        "127.0.0.1:" + closedPort, real.peerHostOverride(), real.peerTlsCaCert(), real.clientCert(),
        real.clientKey());

    try (FabricAnchorClient lost = FabricAnchorClient.connect(nowhere, Duration.ofSeconds(2))) {
      AnchorException e = assertThrows(AnchorException.class, () -> lost.getAnchor(newLogId()));
      assertEquals(AnchorException.Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(e.retryable());
    }
  }

  private static void assertRefused(String expectedPart, Executable call) {
    AnchorException e = assertThrows(AnchorException.class, call);
    assertEquals(AnchorException.Reason.REFUSED, e.reason(), e.getMessage());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains(expectedPart), () -> "message was: " + e.getMessage());
  }

  static String newLogId() {
    return "twinguard.test/e2e-" + UUID.randomUUID();
  }

  static NoteSigner newSigner(String name) {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return NoteSigner.fromSeed(name, seed);
  }

  static byte[] root(long size) {
    byte[] root = new byte[32];
    for (int i = 0; i < root.length; i++) {
      root[i] = (byte) (size + i);
    }
    return root;
  }

  private static List<Long> sizes(List<Anchor> anchors) {
    return anchors.stream().map(Anchor::treeSize).toList();
  }
}
