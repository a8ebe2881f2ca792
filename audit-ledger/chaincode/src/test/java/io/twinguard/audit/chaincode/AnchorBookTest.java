package io.twinguard.audit.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.signing.note.Checkpoint;
import io.twinguard.signing.note.NoteSigner;
import java.util.Arrays;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnchorBookTest {

  private static final String LOG = "twinguard.test/audit";
  private static final NoteSigner SIGNER = NoteSigner.fromSeed(LOG, seed(1));
  private static final NoteSigner OTHER = NoteSigner.fromSeed(LOG, seed(2));

  private InMemoryLedgerState state;
  private AnchorBook book;

  @BeforeEach
  void setUp() {
    state = new InMemoryLedgerState();
    book = new AnchorBook(state);
  }

  @Test
  void registerLog_withValidKey_storesKeyAndNoAnchor() {
    LogRegistration registration = book.registerLog(LOG, SIGNER.verifierKey().encode());

    assertEquals(SIGNER.verifierKey().encode(), registration.verifierKey());
    assertEquals(-1, registration.lastTreeSize());
    assertRefused("has no anchor yet", () -> book.latest(LOG));
  }

  @Test
  void registerLog_againWithSameKey_changesNothing() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());
    book.anchor(LOG, signed(SIGNER, 5));
    state.nextTransaction("tx1");

    LogRegistration again = book.registerLog(LOG, SIGNER.verifierKey().encode());

    assertEquals(5, again.lastTreeSize());
    assertEquals("tx0", again.registeredTxId());
  }

  @Test
  void registerLog_againWithAnotherKey_isRefused() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());

    assertRefused("already registered with another verifier key",
        () -> book.registerLog(LOG, OTHER.verifierKey().encode()));
  }

  @Test
  void registerLog_withMalformedKeyOrLogId_isRefused() {
    assertRefused("invalid verifier key", () -> book.registerLog(LOG, "not-a-key"));
    assertRefused("invalid log id", () -> book.registerLog("has space", SIGNER.verifierKey().encode()));
    assertRefused("invalid log id", () -> book.registerLog("", SIGNER.verifierKey().encode()));
    assertEquals(0, state.size());
  }

  @Test
  void anchor_checkpointsOfIncreasingSize_areStoredAndListed() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());
    for (long size : new long[] {0, 1, 7, 100}) {
      state.nextTransaction("tx-" + size);
      AnchorRecord record = book.anchor(LOG, signed(SIGNER, size));
      assertEquals(size, record.treeSize());
      assertEquals("tx-" + size, record.txId());
    }

    AnchorRecord latest = book.latest(LOG);
    assertEquals(100, latest.treeSize());
    assertEquals(signed(SIGNER, 100), latest.checkpoint());
    assertEquals(List.of(0L, 1L, 7L, 100L), sizes(book.list(LOG, 0, Long.MAX_VALUE)));
    assertEquals(List.of(1L, 7L), sizes(book.list(LOG, 1, 99)));
    assertEquals(List.of(7L), sizes(book.list(LOG, 7, 7)));
    assertEquals(List.of(), sizes(book.list(LOG, 8, 99)));
  }

  @Test
  void list_ofOneLog_neverShowsAnotherLogWhoseIdExtendsIt() {
    NoteSigner longer = NoteSigner.fromSeed(LOG + "2", seed(3));
    book.registerLog(LOG, SIGNER.verifierKey().encode());
    book.registerLog(LOG + "2", longer.verifierKey().encode());
    book.anchor(LOG, signed(SIGNER, 3));
    book.anchor(LOG + "2", longer.sign(new Checkpoint(LOG + "2", 4, root(4)).text()));

    assertEquals(List.of(3L), sizes(book.list(LOG, 0, Long.MAX_VALUE)));
    assertEquals(List.of(4L), sizes(book.list(LOG + "2", 0, Long.MAX_VALUE)));
  }

  @Test
  void list_withInvertedOrNegativeRange_isRefused() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());

    assertRefused("0 <= from <= to", () -> book.list(LOG, 5, 4));
    assertRefused("0 <= from <= to", () -> book.list(LOG, -1, 4));
  }

  @Test
  void anchor_sizeNotLargerThanLast_isRefused() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());
    book.anchor(LOG, signed(SIGNER, 10));

    assertRefused("tree size 10 of log 'twinguard.test/audit' is not larger than the last anchored size 10",
        () -> book.anchor(LOG, signed(SIGNER, 10)));
    assertRefused("tree size 9 ", () -> book.anchor(LOG, signed(SIGNER, 9)));
    assertEquals(10, book.latest(LOG).treeSize());
  }

  @Test
  void anchor_withChangedText_failsSignatureCheck() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());
    String note = signed(SIGNER, 10).replaceFirst("\n10\n", "\n11\n");

    assertRefused("checkpoint signature does not verify with the verifier key of log", () -> book.anchor(LOG, note));
  }

  @Test
  void anchor_signedByAnotherKey_isRefused() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());

    assertRefused("is not signed by the verifier key of log 'twinguard.test/audit'",
        () -> book.anchor(LOG, signed(OTHER, 10)));
  }

  @Test
  void anchor_malformedNoteOrText_isRefused() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());

    assertRefused("malformed checkpoint: not a signed note", () -> book.anchor(LOG, "twinguard.test/audit\n10\n"));
    assertRefused("malformed checkpoint: checkpoint size is not a decimal number",
        () -> book.anchor(LOG, SIGNER.sign(LOG + "\nten\n" + "AAAA\n")));
    assertRefused("malformed checkpoint", () -> book.anchor(LOG, null));
    assertRefused("has no anchor yet", () -> book.latest(LOG));
  }

  @Test
  void anchor_checkpointOfAnotherOrigin_isRefused() {
    book.registerLog(LOG, SIGNER.verifierKey().encode());
    String note = SIGNER.sign(new Checkpoint("elsewhere.test/log", 3, root(3)).text());

    assertRefused("checkpoint origin 'elsewhere.test/log' is not the log id", () -> book.anchor(LOG, note));
  }

  @Test
  void anchorAndQueries_ofUnregisteredLog_areRefused() {
    assertRefused("log 'twinguard.test/audit' is not registered", () -> book.anchor(LOG, signed(SIGNER, 1)));
    assertRefused("is not registered", () -> book.latest(LOG));
    assertRefused("is not registered", () -> book.list(LOG, 0, 1));
  }

  private static void assertRefused(String expectedPart, org.junit.jupiter.api.function.Executable call) {
    ChaincodeException e = assertThrows(ChaincodeException.class, call);
    assertTrue(e.getMessage().contains(expectedPart), () -> "message was: " + e.getMessage());
  }

  private static String signed(NoteSigner signer, long size) {
    return signer.sign(new Checkpoint(LOG, size, root(size)).text());
  }

  private static byte[] root(long size) {
    byte[] root = new byte[32];
    Arrays.fill(root, (byte) size);
    return root;
  }

  private static byte[] seed(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return seed;
  }

  private static List<Long> sizes(List<AnchorRecord> records) {
    return records.stream().map(AnchorRecord::treeSize).toList();
  }
}
