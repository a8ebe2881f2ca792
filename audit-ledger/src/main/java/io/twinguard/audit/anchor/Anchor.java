package io.twinguard.audit.anchor;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A checkpoint anchored on the ledger, as the chaincode stores it.
 *
 * @param logId the log id (the checkpoint's origin)
 * @param treeSize the checkpoint's tree size
 * @param rootHash the checkpoint's 32-byte root hash (copied in and out)
 * @param checkpoint the whole signed note, so that anyone can verify it again
 * @param txId the Fabric transaction that anchored it
 * @param timestamp that transaction's timestamp
 */
public record Anchor(
    String logId, long treeSize, byte[] rootHash, String checkpoint, String txId, Instant timestamp) {

  /** @throws IllegalArgumentException when a field is missing or the root hash is not 32 bytes */
  public Anchor {
    if (logId == null || checkpoint == null || txId == null || timestamp == null) {
      throw new IllegalArgumentException("every anchor field is required");
    }
    if (rootHash == null || rootHash.length != 32) {
      throw new IllegalArgumentException("an anchor's root hash is 32 bytes");
    }
    rootHash = rootHash.clone();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /**
   * Reads the chaincode's JSON form of an anchor.
   *
   * @throws IllegalArgumentException when the JSON is not an anchor
   */
  static Anchor fromJson(JsonObject json) {
    try {
      return new Anchor(
          json.getString("logId"),
          json.getLong("treeSize"),
          Base64.getDecoder().decode(json.getString("rootHash")),
          json.getString("checkpoint"),
          json.getString("txId"),
          Instant.parse(json.getString("timestamp")));
    } catch (ClassCastException | NullPointerException | DateTimeParseException | DecodeException e) {
      throw new IllegalArgumentException("not an anchor: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Anchor a
        && logId.equals(a.logId)
        && treeSize == a.treeSize
        && Arrays.equals(rootHash, a.rootHash)
        && checkpoint.equals(a.checkpoint)
        && txId.equals(a.txId)
        && timestamp.equals(a.timestamp);
  }

  @Override
  public int hashCode() {
    return (logId.hashCode() * 31 + Long.hashCode(treeSize)) * 31 + txId.hashCode();
  }

  @Override
  public String toString() {
    return "Anchor[" + logId + ", size=" + treeSize + ", tx=" + txId + "]";
  }
}
