package io.twinguard.audit.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AnchorTest {

  private static final byte[] ROOT = new byte[32];

  static {
    Arrays.fill(ROOT, (byte) 7);
  }

  @Test
  void fromJson_chaincodeAnswer_givesAnchor() {
    JsonObject json = new JsonObject()
        .put("logId", "twinguard.test/audit")
        .put("treeSize", 12)
        .put("rootHash", Base64.getEncoder().encodeToString(ROOT))
        .put("checkpoint", "note")
        .put("txId", "abc")
        .put("timestamp", "2026-01-01T00:00:00Z");

    Anchor anchor = Anchor.fromJson(json);

    assertEquals(12, anchor.treeSize());
    assertArrayEquals(ROOT, anchor.rootHash());
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), anchor.timestamp());
  }

  @Test
  void fromJson_missingFieldOrShortRoot_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Anchor.fromJson(new JsonObject().put("logId", "x")));
    assertThrows(IllegalArgumentException.class, () -> Anchor.fromJson(new JsonObject()
        .put("logId", "x").put("treeSize", 1).put("rootHash", "AAAA").put("checkpoint", "n")
        .put("txId", "t").put("timestamp", "2026-01-01T00:00:00Z")));
  }

  @Test
  void rootHash_isCopiedInAndOut() {
    byte[] root = ROOT.clone();
    Anchor anchor = new Anchor("x", 1, root, "n", "t", Instant.EPOCH);
    root[0] = 0;
    anchor.rootHash()[1] = 0;

    assertArrayEquals(ROOT, anchor.rootHash());
  }

  @Test
  void retryable_onlyForFailuresThatMayPass() {
    assertFalse(new AnchorException(AnchorException.Reason.REFUSED, "m", null).retryable());
    assertTrue(new AnchorException(AnchorException.Reason.NOT_COMMITTED, "m", null).retryable());
    assertTrue(new AnchorException(AnchorException.Reason.UNAVAILABLE, "m", null).retryable());
  }
}
