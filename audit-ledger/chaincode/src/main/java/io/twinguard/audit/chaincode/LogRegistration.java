package io.twinguard.audit.chaincode;

import java.nio.charset.StandardCharsets;
import org.json.JSONObject;

/**
 * A registered log: its id, the signed-note verifier key its checkpoints must be signed with, and
 * the tree size of its latest anchor ({@code -1} before the first).
 */
record LogRegistration(String logId, String verifierKey, long lastTreeSize, String registeredTxId) {

  LogRegistration withLastTreeSize(long size) {
    return new LogRegistration(logId, verifierKey, size, registeredTxId);
  }

  JSONObject toJson() {
    return new JSONObject()
        .put("logId", logId)
        .put("verifierKey", verifierKey)
        .put("lastTreeSize", lastTreeSize)
        .put("registeredTxId", registeredTxId);
  }

  byte[] toBytes() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  static LogRegistration fromBytes(byte[] bytes) {
    JSONObject json = new JSONObject(new String(bytes, StandardCharsets.UTF_8));
    return new LogRegistration(
        json.getString("logId"),
        json.getString("verifierKey"),
        json.getLong("lastTreeSize"),
        json.getString("registeredTxId"));
  }
}
