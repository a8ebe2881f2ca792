package io.twinguard.audit.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.json.JSONObject;

/**
 * One anchored checkpoint as the ledger stores it and queries return it (JSON object with these
 * field names).
 *
 * @param logId the log, equal to the checkpoint's origin line
 * @param treeSize the checkpoint's tree size
 * @param rootHash the base64 root hash from the checkpoint
 * @param checkpoint the whole signed note, signatures included, so anyone can check it again
 * @param txId the Fabric transaction that anchored it
 * @param timestamp the transaction's timestamp (chosen by the client, agreed by endorsers)
 */
record AnchorRecord(
    String logId, long treeSize, String rootHash, String checkpoint, String txId, Instant timestamp) {

  JSONObject toJson() {
    return new JSONObject()
        .put("logId", logId)
        .put("treeSize", treeSize)
        .put("rootHash", rootHash)
        .put("checkpoint", checkpoint)
        .put("txId", txId)
        .put("timestamp", timestamp.toString());
  }

  byte[] toBytes() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  static AnchorRecord fromBytes(byte[] bytes) {
    JSONObject json = new JSONObject(new String(bytes, StandardCharsets.UTF_8));
    return new AnchorRecord(
        json.getString("logId"),
        json.getLong("treeSize"),
        json.getString("rootHash"),
        json.getString("checkpoint"),
        json.getString("txId"),
        Instant.parse(json.getString("timestamp")));
  }
}
